import Analytics
import Foundation
import Rows
import Testing
import Warehouse
import WarehouseTestSupport

/// The query layer on a few hand-made rows, on every warehouse: the answers' shape (filled
/// periods, lookup names, formulas) and every refusal naming what it refuses.
@Suite struct QueryTests {
    /// Two users, two accounts, five opportunities (one without account, one without amount).
    private func warehouse(_ backend: Backend) async throws -> any Warehouse {
        let warehouse = try await makeWarehouse(backend)
        func put(_ table: String, _ fields: [(String, String)], _ rows: [[String?]]) async throws {
            let columns = fields.map { ColumnSpec(sourceName: $0.0, salesforceType: $0.1) }
            _ = try await warehouse.ensureTable(TableSpec(name: table, columns: columns))
            var batch = RowBatch(columnCount: columns.count)
            for row in rows { for value in row { batch.append(value) } }
            _ = try await warehouse.upsert(batch, columns: columns, into: table, checkpoint: nil)
        }
        try await put("sf_user", [("Id", "id"), ("Name", "string")], [["005A", "Ada"], ["005B", "Bob"]])
        try await put("sf_account", [("Id", "id"), ("Name", "string"), ("Industry", "picklist"), ("OwnerId", "reference")],
                      [["001A", "Acme", "Banking", "005A"], ["001B", "Beta", nil, "005B"]])
        try await put(
            "sf_opportunity",
            [("Id", "id"), ("Name", "string"), ("AccountId", "reference"), ("OwnerId", "reference"), ("Amount", "currency"),
             ("StageName", "picklist"), ("CloseDate", "date"), ("IsWon", "boolean"), ("CreatedDate", "datetime")],
            [
                ["006A", "Big 100% deal", "001A", "005A", "100", "Closed Won", "2025-01-10", "true", "2024-12-31T23:30:00.000+0000"],
                ["006B", "Small", "001A", "005B", "50.5", "Closed Lost", "2025-01-20", "false", "2025-01-02T10:00:00.000Z"],
                ["006C", "Orphan", nil, "005A", "10", "Closed Won", "2025-03-05", "true", "2025-03-01T00:00:00.000Z"],
                ["006D", "Beta one", "001B", "005B", nil, "Prospecting", "2025-03-31", "false", "2025-03-02T00:00:00.000Z"],
                ["006E", "Later", "001B", "005C", "7", "Closed Won", "2026-02-01", "true", "2026-01-15T00:00:00.000Z"],
            ])
        return warehouse
    }

    private func run(_ warehouse: any Warehouse, _ json: String) async throws -> QueryResult {
        try await AnalyticsService(warehouse: warehouse).query(JSONDecoder().decode(QuerySpec.self, from: Data(json.utf8)))
    }

    private func refusal(_ warehouse: any Warehouse, _ json: String) async -> String? {
        do {
            _ = try await run(warehouse, json)
            return nil
        } catch let error as QueryError {
            return error.description
        } catch {
            return "unexpected \(error)"
        }
    }

    @Test(arguments: Backend.available) func monthsAreFilledWithZerosAndLookupsShowNames(_ backend: Backend) async throws {
        let w = try await warehouse(backend)
        let result = try await run(w, #"""
            {"object": "opportunity", "measure": {"aggregate": "sum", "field": "amount"},
             "time": {"field": "CloseDate", "from": "2025-01-01", "to": "2025-05-01", "interval": "month"},
             "filters": [{"field": "StageName", "op": "!=", "value": "Prospecting"}], "groupBy": ["Account.Industry"]}
            """#)
        #expect(result.columns == ["period", "Account.Industry", "value"])
        // Groups seen: null (the orphan) and Banking; every month for each, zero where empty.
        #expect(result.rows == [
            [.text("2025-01"), .null, .double(0)], [.text("2025-01"), .text("Banking"), .double(150.5)],
            [.text("2025-02"), .null, .double(0)], [.text("2025-02"), .text("Banking"), .double(0)],
            [.text("2025-03"), .null, .double(10)], [.text("2025-03"), .text("Banking"), .double(0)],
            [.text("2025-04"), .null, .double(0)], [.text("2025-04"), .text("Banking"), .double(0)],
        ])
        // A lookup field itself shows the parent's name, or its id where the parent is missing.
        let owners = try await run(w, #"{"object": "Opportunity", "measure": {"aggregate": "count"}, "groupBy": ["OwnerId"]}"#)
        #expect(owners.columns == ["OwnerId", "value"])
        #expect(owners.rows == [[.text("005C"), .int(1)], [.text("Ada"), .int(2)], [.text("Bob"), .int(2)]])
        let byOwnerName = try await run(w, #"{"object": "Opportunity", "measure": {"aggregate": "count"}, "groupBy": ["owner.name", "IsWon"], "filters": [{"field": "Account.Name", "op": "contains", "value": "ACM"}]}"#)
        #expect(byOwnerName.columns == ["Owner.Name", "IsWon", "value"])
        #expect(byOwnerName.rows == [[.text("Ada"), .text("true"), .int(1)], [.text("Bob"), .text("false"), .int(1)]])
        // Number groups read the same on both warehouses (PostgreSQL's numeric keeps its zeros).
        let amounts = try await run(w, #"{"object": "Opportunity", "measure": {"aggregate": "count"}, "groupBy": ["Amount"]}"#)
        #expect(amounts.rows.map { $0[0] } == [.null, .text("10"), .text("100"), .text("50.5"), .text("7")])
    }

    @Test(arguments: Backend.available) func weeksDaysQuartersAndYearsOfDatetimesAreUTC(_ backend: Backend) async throws {
        let w = try await warehouse(backend)
        let weeks = try await run(w, #"{"object": "Opportunity", "measure": {"aggregate": "count"}, "time": {"field": "CreatedDate", "from": "2024-12-30", "to": "2025-01-13", "interval": "week"}}"#)
        #expect(weeks.rows == [[.text("2025-W01"), .int(2)], [.text("2025-W02"), .int(0)]])
        let days = try await run(w, #"{"object": "Opportunity", "measure": {"aggregate": "count"}, "time": {"field": "CreatedDate", "from": "2024-12-31", "to": "2025-01-03", "interval": "day"}}"#)
        #expect(days.rows == [[.text("2024-12-31"), .int(1)], [.text("2025-01-01"), .int(0)], [.text("2025-01-02"), .int(1)]])
        let quarters = try await run(w, #"{"object": "Opportunity", "measure": {"aggregate": "max", "field": "CloseDate"}, "time": {"field": "CloseDate", "interval": "quarter"}}"#)
        #expect(quarters.rows.map { $0[0] } == ["2025-Q1", "2025-Q2", "2025-Q3", "2025-Q4", "2026-Q1"].map(QueryCell.text))
        #expect(quarters.rows[0][1] == .text("2025-03-31") && quarters.rows[1][1] == .null)
        let years = try await run(w, #"{"object": "Opportunity", "measure": {"aggregate": "countDistinct", "field": "AccountId"}, "time": {"field": "CloseDate", "interval": "year"}}"#)
        #expect(years.rows == [[.text("2025"), .int(2)], [.text("2026"), .int(1)]])
    }

    @Test(arguments: Backend.available) func formulasCombineMeasuresWithTheirOwnFilters(_ backend: Backend) async throws {
        let w = try await warehouse(backend)
        let result = try await run(w, #"""
            {"object": "Opportunity", "groupBy": ["OwnerId"],
             "measures": {"Won": {"aggregate": "count", "filters": [{"field": "IsWon", "op": "=", "value": true}]},
                          "All": {"aggregate": "count", "filters": [{"field": "StageName", "op": "in", "value": ["Closed Won", "Closed Lost"]}]}},
             "formula": "Won / All * 100"}
            """#)
        #expect(result.columns == ["OwnerId", "All", "Won", "value"])
        #expect(result.rows == [
            [.text("005C"), .int(1), .int(1), .double(100)], [.text("Ada"), .int(2), .int(2), .double(100)],
            [.text("Bob"), .int(1), .int(0), .double(0)],
        ])
        let zero = try await run(w, #"{"object": "Opportunity", "measures": {"A": {"aggregate": "sum", "field": "Amount"}, "B": {"aggregate": "count", "filters": [{"field": "Amount", "op": ">", "value": 1000}]}}, "formula": "A / B"}"#)
        #expect(zero.rows == [[.double(167.5), .int(0), .null]])
    }

    @Test(arguments: Backend.available) func unknownNamesAndBadValuesAreRefusedByName(_ backend: Backend) async throws {
        let w = try await warehouse(backend)
        let cases: [(String, String)] = [
            (#"{"object": "Invoice__c", "measure": {"aggregate": "count"}}"#, "unknown object 'Invoice__c'"),
            (#"{"object": "Opportunity", "measure": {"aggregate": "sum", "field": "Amout"}}"#, "unknown field 'Amout' on Opportunity"),
            (#"{"object": "Opportunity", "measure": {"aggregate": "count"}, "groupBy": ["Acount.Industry"]}"#, "unknown lookup 'Acount' on Opportunity"),
            (#"{"object": "Opportunity", "measure": {"aggregate": "count"}, "groupBy": ["Account.Revenue"]}"#, "unknown field 'Account.Revenue'"),
            (#"{"object": "Opportunity", "measure": {"aggregate": "count"}, "groupBy": ["Account.Owner.Name"]}"#, "follows more than one lookup"),
            (#"{"object": "Opportunity", "measure": {"aggregate": "count"}, "filters": [{"field": "Amount", "op": "LIKE", "value": 1}]}"#, "unknown operator 'LIKE'"),
            (#"{"object": "Opportunity", "measure": {"aggregate": "median", "field": "Amount"}}"#, "unknown aggregate 'median'"),
            (#"{"object": "Opportunity", "measure": {"aggregate": "sum", "field": "StageName"}}"#, "sum needs a number field"),
            (#"{"object": "Opportunity", "measure": {"aggregate": "count"}, "time": {"field": "CloseDate", "interval": "fortnight"}}"#, "unknown interval 'fortnight'"),
            (#"{"object": "Opportunity", "measure": {"aggregate": "count"}, "time": {"field": "Name"}}"#, "not a date or datetime field"),
            (#"{"object": "Opportunity", "measure": {"aggregate": "count"}, "time": {"field": "CloseDate", "from": "2025-02-30"}}"#, "time.from must be a YYYY-MM-DD"),
            (#"{"object": "Opportunity", "measure": {"aggregate": "count"}, "filters": [{"field": "Amount", "op": "=", "value": "1; DROP TABLE sf_user"}]}"#, "does not fit 'Amount'"),
            (#"{"object": "Opportunity", "measure": {"aggregate": "count"}, "filters": [{"field": "CloseDate", "op": ">", "value": "soon"}]}"#, "does not fit 'CloseDate'"),
            (#"{"object": "Opportunity", "measure": {"aggregate": "count"}, "filters": [{"field": "StageName", "op": "in", "value": "Closed Won"}]}"#, "needs a non-empty list"),
            (#"{"object": "Opportunity", "measure": {"aggregate": "count"}, "filters": [{"field": "StageName", "op": "="}]}"#, "needs a value"),
            (#"{"object": "Opportunity", "measure": {"aggregate": "count"}, "groupBy": ["a", "b", "c"]}"#, "at most 2 groupings"),
            (#"{"object": "Opportunity", "measure": {"aggregate": "count"}, "currency": "EUR"}"#, "unknown currency 'EUR'"),
            (#"{"object": "Opportunity", "measures": {"A": {"aggregate": "count"}}, "formula": "A / B"}"#, "the formula names 'B'"),
            (#"{"object": "Opportunity", "measures": {"A x": {"aggregate": "count"}}}"#, "measure name 'A x'"),
            (#"{"object": "sf_user\"; --", "measure": {"aggregate": "count"}}"#, "unknown object"),
            (#"{"object": "Opportunity", "measure": {"aggregate": "count"}, "time": {"field": "CloseDate", "from": "1800-01-01", "to": "2200-01-01", "interval": "day"}}"#,
             "more than 100000 rows"),
        ]
        for (json, expected) in cases {
            let message = await refusal(w, json)
            #expect(message?.contains(expected) == true, "\(json): \(message ?? "accepted")")
        }
        // Nothing to convert (no CurrencyIsoCode): corporate is the same as none.
        #expect(try await run(w, #"{"object": "Opportunity", "measure": {"aggregate": "count"}, "currency": "corporate"}"#).rows == [[.int(5)]])
        // Values never become SQL: a name holding SQL matches nothing and breaks nothing.
        let quoted = try await run(w, #"{"object": "Opportunity", "measure": {"aggregate": "count"}, "filters": [{"field": "Name", "op": "in", "value": ["x' OR '1'='1", "Small"]}, {"field": "Name", "op": "contains", "value": "%"}]}"#)
        #expect(quoted.rows == [[.int(0)]])
        let percent = try await run(w, #"{"object": "Opportunity", "measure": {"aggregate": "count"}, "filters": [{"field": "Name", "op": "contains", "value": "100%"}]}"#)
        #expect(percent.rows == [[.int(1)]])
    }

    @Test func valuesAreBoundAndIdentifiersComeFromTheCatalog() async throws {
        let w = try await warehouse(.sqlite)
        let hostile = "x'; DROP TABLE sf_user; --"
        let spec = try JSONDecoder().decode(QuerySpec.self, from: Data(#"""
            {"object": "OPPORTUNITY", "measure": {"aggregate": "sum", "field": "amount"}, "groupBy": ["account.industry"],
             "filters": [{"field": "name", "op": "=", "value": "x'; DROP TABLE sf_user; --"}]}
            """#.utf8))
        for dialect in [SQLDialect.sqlite, .postgres] {
            let (sql, arguments) = try await AnalyticsService(warehouse: w, dialect: dialect).compiledSQL(spec)
            #expect(!sql.contains("DROP") && !sql.contains("x'") && arguments == [hostile])
            #expect(sql.contains(#"FROM "sf_opportunity" t LEFT JOIN "sf_account" r1 ON r1."id" = t."accountid""#))
            #expect(sql.contains(dialect == .sqlite ? #"t."name" = ?"# : #"t."name" = $1"#))
            #expect(sql.hasSuffix(" GROUP BY 1, 2 LIMIT 100001"))
        }
        // Long lists across many filters are refused before they reach SQLite's parameter limit.
        let values = "[" + (0..<1000).map { "\"v\($0)\"" }.joined(separator: ",") + "]"
        let filters = (0..<6).map { _ in #"{"field": "Name", "op": "in", "value": \#(values)}"# }.joined(separator: ",")
        let many = try JSONDecoder().decode(QuerySpec.self, from: Data(#"{"object": "Opportunity", "measure": {"aggregate": "count"}, "filters": [\#(filters)]}"#.utf8))
        let refusal = await #expect(throws: QueryError.self) { try await AnalyticsService(warehouse: w).query(many) }
        #expect(refusal?.description == "the query has 6000 filter values; at most 5000")
    }
}
