import Foundation
import NIOCore
import SOQL
import Testing

@testable import SandboxOrg

/// The raw-pointer sink behind REST pages and the plain `[UInt8]` output must write the same
/// bytes for every kind of value, through growth and through reused (pooled) memory.
@Suite struct ByteSinkTests {
    static let values: [SOQLValue] = [
        .null, .boolean(true), .boolean(false), .integer(0), .integer(-9_223_372_036_854_775_807), .integer(Int64.max),
        .number(300), .number(61.217062), .number(1.5e7), .number(-0.000_12), .number(.nan),
        .string(""), .string("plain"), .string("Team \"A\" \\ ok\n\t\u{01}"), .string("Zürich, 東京 🚀"),
        .string(String(repeating: "long text ", count: 500)),
        .date(0), .date(-719_528), .date(2_932_897), .date(2_932_896),
        .dateTime(0), .dateTime(1_700_000_000_123), .dateTime(-62_167_219_200_000), .dateTime(253_402_300_800_000),
        .time(0), .time(86_399_999),
    ]

    @Test func sinkWritesWhatAnArrayWrites() {
        for pooled in [false, true] {
            for _ in 0..<3 {
                var sink = ByteSink(capacity: 0, pooled: pooled)
                var array: [UInt8] = []
                for value in Self.values {
                    ValueWriter.writeJSON(value, into: &sink)
                    ValueWriter.writeJSON(value, into: &array)
                    ValueWriter.writeCSV(value, into: &sink)
                    ValueWriter.writeCSV(value, into: &array)
                }
                #expect(Array(sink.bytes) == array)
            }
        }
    }

    @Test func datesPastYear9999AreWrittenInFull() {
        var out: [UInt8] = []
        ValueWriter.writeJSON(.dateTime(253_402_300_800_000), into: &out)
        ValueWriter.writeCSV(.date(2_932_897), into: &out)
        #expect(String(decoding: out, as: UTF8.self) == "\"10000-01-01T00:00:00.000+0000\"\"10000-01-01\"")
    }

    @Test func recycledBuffersComeBackEmpty() {
        var buffer = BytePools.buffer(capacity: 8_192)
        buffer.writeString("left over")
        BytePools.recycle([buffer])
        let again = BytePools.buffer(capacity: 8_192)
        #expect(again.readableBytes == 0)
        #expect(again.capacity >= 8_192)
    }
}
