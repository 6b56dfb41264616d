@testable import Sync
import Testing

/// The packed id set answers exactly as a `Set<String>` would.
@Suite struct IDSetTests {
    @Test func packsSalesforceIdsExactlyCaseAndLeadingZerosIncluded() {
        var set = IDSet()
        set.insert(contentsOf: ["00Q5e00000AbCdEFGH", "0", "00", "a", "A", "001A", "001a"])
        #expect(set.count == 7)
        for id in ["00Q5e00000AbCdEFGH", "0", "00", "a", "A", "001A", "001a"] { #expect(set.contains(id), "\(id)") }
        for id in ["00Q5e00000AbCdEFGh", "000", "b", "001B", "00Q5e00000AbCdEFG", ""] { #expect(!set.contains(id), "\(id)") }
        // The longest packed form and one past it (kept as text) both work.
        let longest = String(repeating: "z", count: IDSet.maxPackedLength)
        #expect(IDSet.pack(longest) != nil)
        #expect(IDSet.pack(longest + "z") == nil)
        set.insert(longest)
        set.insert(longest + "z")
        #expect(set.contains(longest) && set.contains(longest + "z") && !set.contains(longest + "y"))
    }

    @Test func keysThatAreNotIdsAreKeptAsText() {
        var set = IDSet()
        set.insert(contentsOf: ["a-b", "key with space", "ü", ""])
        #expect(IDSet.pack("a-b") == nil && IDSet.pack("") == nil)
        #expect(set.count == 4)
        #expect(set.contains("a-b") && set.contains("key with space") && set.contains("ü") && set.contains(""))
        #expect(!set.contains("ab"))
        set.removeAll()
        #expect(set.isEmpty && !set.contains("a-b"))
    }

    /// Random ids over a small alphabet (so many differ in one place, or only in length or case)
    /// give the same answers as a Set<String>.
    @Test func answersAsASetOfStringsDoes() {
        var random = SystemRandomNumberGenerator()
        let alphabet = Array("0aAzZ9-")
        func id() -> String { String((0..<Int.random(in: 0...23, using: &random)).map { _ in alphabet.randomElement(using: &random) ?? "0" }) }
        var set = IDSet()
        var strings = Set<String>()
        for _ in 0..<20_000 {
            let value = id()
            set.insert(value)
            strings.insert(value)
        }
        #expect(set.count == strings.count)
        for _ in 0..<20_000 {
            let probe = id()
            #expect(set.contains(probe) == strings.contains(probe), "\(probe)")
        }
    }
}
