import SOQL
import Testing

@Suite("Aggregates without GROUP BY")
struct AggregateTests {
    @Test func foldsMatchingRows() throws {
        let store = TestStore()
        let rows = [
            account(store, ["Name": .string("Acme"), "AnnualRevenue": .number(10), "CreatedDate": .dateTime(5)]),
            account(store, ["Name": .string("ACME"), "AnnualRevenue": .integer(30), "CreatedDate": .dateTime(9)]),
            account(store, ["Name": .string("Beta"), "CreatedDate": .dateTime(1)]),
            account(store, ["Name": .string("Zed"), "AnnualRevenue": .number(1000)]),
        ]
        let query = try bind(
            "SELECT COUNT(Id), COUNT(AnnualRevenue), COUNT_DISTINCT(Name), SUM(AnnualRevenue), AVG(AnnualRevenue), MIN(CreatedDate), MAX(Name) top FROM Account WHERE AnnualRevenue < 500 OR AnnualRevenue = null"
        )
        #expect(query.aggregates.map(\.alias) == ["expr0", "expr1", "expr2", "expr3", "expr4", "expr5", "top"])
        var accumulator = query.makeAccumulator()
        for row in rows where query.matches(row) { accumulator.add(row) }
        #expect(accumulator.results == [
            .integer(0), .integer(2), .integer(2), .number(40), .number(20), .dateTime(1), .string("Beta"),
        ])
    }

    @Test func emptyInputGivesZeroCountsAndNulls() throws {
        let query = try bind("SELECT COUNT(Id), SUM(AnnualRevenue), MAX(Name) FROM Account")
        #expect(query.makeAccumulator().results == [.integer(0), .null, .null])
    }
}
