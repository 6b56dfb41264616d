import SOQL
import Testing

@testable import SandboxOrg

@Suite struct CSVWriterTests {
    func cell(_ value: SOQLValue) -> String {
        var out: [UInt8] = []
        ValueWriter.writeCSV(value, into: &out)
        return String(decoding: out, as: UTF8.self)
    }

    @Test func quotesEveryCellAndDoublesQuotes() {
        #expect(cell(.string("United Oil & Gas, UK")) == "\"United Oil & Gas, UK\"")
        #expect(cell(.string("say \"hi\"\nbye")) == "\"say \"\"hi\"\"\nbye\"")
        #expect(cell(.null) == "\"\"")
        #expect(cell(.boolean(true)) == "\"true\"")
        #expect(cell(.number(100)) == "\"100.0\"")
        #expect(cell(.integer(42)) == "\"42\"")
    }

    @Test func datesUseBulkStyle() {
        // 2024-04-16T19:00:00Z and 2024-04-16.
        #expect(cell(.dateTime(1_713_294_000_000)) == "\"2024-04-16T19:00:00.000Z\"")
        #expect(cell(.date(19_829)) == "\"2024-04-16\"")
    }

    @Test func headerAndDelimiters() {
        var out: [UInt8] = []
        CSVWriter(delimiter: UInt8(ascii: "|"), crlf: true).writeHeader(["Id", "Owner.Name"], into: &out)
        #expect(String(decoding: out, as: UTF8.self) == "\"Id\"|\"Owner.Name\"\r\n")
        #expect(CSVWriter.delimiters.keys.sorted() == ["BACKQUOTE", "CARET", "COMMA", "PIPE", "SEMICOLON", "TAB"])
    }

    @Test func restJSONUsesJavaStyleNumbersAndOffsetDatetimes() {
        var out: [UInt8] = []
        ValueWriter.writeJSON(.dateTime(1_713_294_000_123), into: &out)
        #expect(String(decoding: out, as: UTF8.self) == "\"2024-04-16T19:00:00.123+0000\"")
        for (value, text) in [(300.0, "300.0"), (61.217062, "61.217062"), (15_000_000.0, "1.5E7"), (0.0, "0.0")] {
            var o: [UInt8] = []
            ValueWriter.writeJSON(.number(value), into: &o)
            #expect(String(decoding: o, as: UTF8.self) == text)
        }
    }
}
