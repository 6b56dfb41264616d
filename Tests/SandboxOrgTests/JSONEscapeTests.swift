import Testing

@testable import SandboxOrg

/// The word-at-a-time escape scan must agree with the obvious byte loop at every length and
/// position (the REST writer relies on it to copy strings whole).
@Suite struct JSONEscapeTests {
    func naive(_ bytes: [UInt8]) -> Bool { bytes.contains { $0 < 0x20 || $0 == 0x22 || $0 == 0x5C } }

    @Test func scanAgreesWithTheByteLoop() {
        let specials: [UInt8] = [0x00, 0x09, 0x0A, 0x1F, 0x22, 0x5C]
        let plain: [UInt8] = [0x20, 0x21, 0x23, 0x41, 0x5B, 0x5D, 0x7F, 0x80, 0xC3, 0xE2, 0xFF]
        for length in 0..<20 {
            for filler in plain {
                let base = [UInt8](repeating: filler, count: length)
                #expect(base.withUnsafeBufferPointer { JSON.needsEscaping($0) } == false)
                for position in 0..<length {
                    for special in specials {
                        var bytes = base
                        bytes[position] = special
                        #expect(bytes.withUnsafeBufferPointer { JSON.needsEscaping($0) } == naive(bytes))
                        #expect(bytes.withUnsafeBufferPointer { ValueWriter.containsQuote($0) } == bytes.contains(0x22))
                    }
                }
            }
        }
        var out: [UInt8] = []
        JSON.writeString("Team \"A\" \\ ok\n", into: &out)
        #expect(String(decoding: out, as: UTF8.self) == "\"Team \\\"A\\\" \\\\ ok\\n\"")
    }
}
