import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdCore
import HummingbirdTesting
import Logging
import NIOCore
import Testing

@testable import WebApp

/// Finding 10 of issue 15: a CSV export never hands a spreadsheet a formula.
@Suite struct CSVInjectionTests {
    @Test(arguments: [("=HYPERLINK(\"http://evil.example\")", "'=HYPERLINK(\"http://evil.example\")"), ("+cmd|' /C calc'!A0", "'+cmd|' /C calc'!A0"),
                      ("-2+3", "'-2+3"), ("@SUM(A1:A9)", "'@SUM(A1:A9)"), ("\t=1+1", "'\t=1+1"), ("-", "'-"), ("=", "'=")])
    func aCellThatStartsAFormulaIsText(_ value: String, _ neutralised: String) {
        #expect(CSV.neutralised(value) == neutralised)
    }

    @Test(arguments: ["-12.5", "-3", "+4", "-1e3", "-.5", "0", "plain", "a=b", "", "2024-01-31"])
    func numbersAndOrdinaryTextStayAsTheyAre(_ value: String) {
        #expect(CSV.neutralised(value) == value)
    }

    @Test func aCarriageReturnBeforeAFormulaIsNeutralisedAndQuoted() {
        #expect(CSV.field("\r=1+1") == "\"'\r=1+1\"")
        #expect(CSV.field(nil) == "")
        #expect(CSV.field("") == #""""#)
    }

    @Test func aReportExportNeutralisesFormulaCells() async throws {
        try await WebAppHarness.withApp { h, client in
            try await h.store.accounts.addUser(email: "sam@example.com", password: "correct horse 1", role: .standard)
            var browser = Browser()
            try await browser.signIn(client, email: "sam@example.com", password: "correct horse 1")
            _ = try await browser.get(client, "/reports/new")
            let sql = #"SELECT '=HYPERLINK("http://evil.example","x")' AS a, '@SUM(A1)' AS b, -5 AS c, '-2+3' AS d"#
            let location = try #require(try await browser.post(client, "/reports", [("title", "Evil"), ("sql", sql), ("chart", "none")]).2)
            let csv = try await client.execute(uri: location + ".csv", method: .get, headers: browser.headers)
            #expect(csv.status == .ok)
            #expect(String(buffer: csv.body) == "a,b,c,d\r\n\"'=HYPERLINK(\"\"http://evil.example\"\",\"\"x\"\")\",'@SUM(A1),-5,'-2+3\r\n")
        }
    }
}
