import Foundation
import Rows
import SalesforceKit
import SandboxOrg
import Sync
import Testing
import Warehouse
import WarehouseTestSupport

/// A multi-currency org (issue 14, item 6): the currency of each record, the org's currencies
/// and its dated rates arrive in the warehouse, ready for conversion.
@Suite(.serialized) struct MultiCurrencySyncTests {
    static let objects = ["Account", "Opportunity", "OpportunityLineItem", "CurrencyType", "DatedConversionRate", "Extra001__c"]

    @Test(arguments: Backend.available) func currenciesAndTheirRatesArriveWithEveryAmount(_ backend: Backend) async throws {
        // (with wide fields and extra objects too: each keeps its fields where the generator fills them)
        try await withHarness(backend, configure: {
            $0.multiCurrency = true
            $0.wideObjectFields = 8
            $0.extraObjects = 2
        }) { h in
            try await h.connect()
            let first = try await h.sync { $0.objects = Self.objects }
            #expect(first.status == .succeeded, "\(first.error ?? "")")

            // Five currencies, USD the corporate one at rate 1
            let types = try await h.query("SELECT isocode, conversionrate, iscorporate FROM sf_currencytype ORDER BY isocode")
            let corporate = types.filter { ["1", "true", "t"].contains($0[2] ?? "") }
            #expect(corporate.map { $0[0] } == ["USD"] && corporate.first.flatMap { $0[1].flatMap(Double.init) } == 1)
            #expect(try await h.warehouse.rowCount("sf_currencytype") == 5)
            // Dated rates: 16 quarters for each of the four other currencies, each range ending where the next begins
            #expect(try await h.warehouse.rowCount("sf_datedconversionrate") == 64)
            let ranges = try await h.query("SELECT isocode, startdate, nextstartdate FROM sf_datedconversionrate ORDER BY isocode, startdate")
            for (a, b) in zip(ranges, ranges.dropFirst()) where a[0] == b[0] {
                #expect(a[2] == b[1], "\(a) then \(b)")
            }
            #expect(ranges.filter { $0[2] == nil }.count == 4)
            // Every amount carries its currency; the org uses at least four
            let codes = try await h.query("SELECT currencyisocode, count(*) FROM sf_opportunity GROUP BY currencyisocode ORDER BY currencyisocode")
            #expect(codes.count >= 4, "\(codes)")
            #expect(!codes.contains { $0[0] == nil })
            #expect(try await h.query("SELECT count(*) FROM sf_account WHERE currencyisocode IS NULL") == [["0"]])
            #expect(try await h.query("SELECT count(*) FROM sf_account WHERE currencyisocode NOT IN ('USD', 'EUR', 'GBP', 'JPY', 'CAD')") == [["0"]])
            #expect(try await h.query("SELECT count(*) FROM sf_extra001__c WHERE currencyisocode IS NULL") == [["0"]])
            // The wide fields hold their own values, never a currency code
            let wide = try #require(try await h.warehouse.tableSpec("sf_account")?.columns.first { $0.name.hasPrefix("sbqq__") }?.name)
            #expect(try await h.query("SELECT count(*) FROM sf_account WHERE \"\(wide)\" IN ('USD', 'EUR', 'GBP', 'JPY', 'CAD')") == [["0"]])

            // A record made without a currency takes the corporate one, and arrives with it
            let org = try await h.orgClient()
            let account = try await org.create("Account", fields: ["Name": .string("Currency Test Ltd")])
            h.clock.advance(seconds: 120)
            let second = try await h.sync { $0.objects = Self.objects }
            #expect(second.status == .succeeded, "\(second.error ?? "")")
            #expect(try await h.query("SELECT currencyisocode FROM sf_account WHERE id = ?", [account]) == [["USD"]])
            try await h.expectWarehouseEqualsOrg(Self.objects)
        }
    }
}
