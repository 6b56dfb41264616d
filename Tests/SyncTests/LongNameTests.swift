import Foundation
import Rows
import SalesforceKit
import Sync
import Testing
import Warehouse
import WarehouseTestSupport

/// Names over PostgreSQL's 63 bytes (which it would cut silently, so two long names would be
/// one) get shortened names with a hash, on both backends, and the table copies exactly.
@Suite(.serialized) struct LongNameTests {
    @Test(arguments: Backend.available) func fieldsWithNamesOver63BytesBecomeDistinctShortenedColumns(_ backend: Backend) async throws {
        try await withHarness(backend) { h in
            try await h.connect()
            // Two fields whose names share their first 63 bytes.
            let stem = "acmepackage0001__Quarterly_Revenue_Forecast_Adjustment_Line_Item_"
            let fields = [stem + "Amount__c", stem + "Status__c"]
            for field in fields {
                try await h.control("/_sandbox/fields", #"{"object": "Account", "name": "\#(field)", "type": "string"}"#)
            }
            let org = try await h.orgClient()
            let id = try #require(try await org.query("SELECT Id FROM Account LIMIT 1", fields: ["Id"]).records.string(row: 0, column: 0))
            try await org.update("Account", id: id, fields: [fields[0]: .string("amount"), fields[1]: .string("status")])
            h.clock.advance(seconds: 60)

            let result = try await h.sync { $0.objects = ["Account"] }
            #expect(result.status == .succeeded, "\(result.error ?? "")")
            let spec = try #require(try await h.warehouse.tableSpec("sf_account"))
            let columns = fields.map { field in spec.columns.first { $0.sourceName == field } }
            let names = columns.compactMap { $0?.name }
            #expect(names.count == 2 && Set(names).count == 2, "\(names)")
            #expect(names.allSatisfy { $0.utf8.count <= 63 })
            #expect(names == fields.map(WarehouseNames.column(forField:)))
            let row = try await h.query("SELECT \(names.map { "\"\($0)\"" }.joined(separator: ", ")) FROM sf_account WHERE id = ?", [id])
            #expect(row == [["amount", "status"]])
            try await h.expectWarehouseEqualsOrg(["Account"])
        }
    }
}
