import Foundation
import Testing

@testable import Analytics

/// The query layer's pure parts: period arithmetic and labels, the formula parser, the lookup
/// naming rules, the strict spec decoding.
@Suite struct QueryPartsTests {
    @Test func periodsStartAndAreLabelledAsTheIssueSays() throws {
        let day = try #require(CivilDay("2025-01-31"))
        #expect(Interval.day.label(Interval.day.start(of: day)) == "2025-01-31")
        #expect(Interval.month.label(Interval.month.start(of: day)) == "2025-01")
        #expect(Interval.quarter.label(Interval.quarter.start(of: try #require(CivilDay("2025-05-02")))) == "2025-Q2")
        #expect(Interval.year.label(Interval.year.start(of: day)) == "2025")
        // ISO weeks: 2025-01-31 is a Friday of week 5; 2024-12-30 (a Monday) starts 2025-W01;
        // 2021-01-03 (a Sunday) is still in 2020-W53.
        #expect(Interval.week.start(of: day).text == "2025-01-27")
        #expect(Interval.week.label(Interval.week.start(of: day)) == "2025-W05")
        #expect(Interval.week.label(Interval.week.start(of: try #require(CivilDay("2025-01-01")))) == "2025-W01")
        #expect(Interval.week.start(of: try #require(CivilDay("2025-01-01"))).text == "2024-12-30")
        #expect(Interval.week.label(Interval.week.start(of: try #require(CivilDay("2021-01-03")))) == "2020-W53")
    }

    @Test func civilDaysRoundTripAndRefuseDaysThatDoNotExist() throws {
        for n in stride(from: -800_000, through: 800_000, by: 997) {
            let day = CivilDay(daysSinceEpoch: n)
            #expect(day.daysSinceEpoch == n)
            #expect(CivilDay(day.text) == day || day.year > 9999 || day.year < 0)
        }
        #expect(CivilDay("2024-02-29") != nil)
        #expect(CivilDay("2025-02-29") == nil)
        #expect(CivilDay("2025-13-01") == nil)
        #expect(CivilDay("2025-1-01") == nil)
        #expect(CivilDay("2025-01-02T03:04:05.000Z")?.text == "2025-01-02")
        #expect(try #require(CivilDay("2025-01-31")).addingMonths(1).text == "2025-02-28")
        #expect(try #require(CivilDay("1970-01-05")).weekday == 1)
    }

    @Test func periodsStepThroughARange() throws {
        var start = Interval.quarter.start(of: try #require(CivilDay("2025-02-10")))
        var labels: [String] = []
        while start < (try #require(CivilDay("2026-01-01"))) {
            labels.append(Interval.quarter.label(start))
            start = Interval.quarter.next(start)
        }
        #expect(labels == ["2025-Q1", "2025-Q2", "2025-Q3", "2025-Q4"])
    }

    @Test func formulasParseWithPrecedenceAndDivideByZeroToNull() throws {
        let names: Set<String> = ["A", "B", "won_2"]
        let f = try Formula.parse("A / B * 100 - -2", measures: names)
        #expect(f.evaluate(["A": 1, "B": 4]) == 27)
        #expect(try Formula.parse("(A + B) / 2", measures: names).evaluate(["A": 1, "B": 4]) == 2.5)
        #expect(try Formula.parse("A / B", measures: names).evaluate(["A": 1, "B": 0]) == nil)
        #expect(try Formula.parse("A - B", measures: names).evaluate(["A": 1, "B": nil]) == nil)
        #expect(try Formula.parse("won_2 * 0.5", measures: names).evaluate(["won_2": 3]) == 1.5)
        for bad in ["A +", "A B", "(A", "A)", "C / A", "A; DROP TABLE x", "A % B", "1..2", "", String(repeating: "(", count: 60) + "A"] {
            #expect(throws: QueryError.self, "\(bad)") { try Formula.parse(bad, measures: names) }
        }
        #expect(throws: QueryError.invalid("the formula names 'C', which is not one of the measures (A, B, won_2)")) {
            try Formula.parse("C", measures: names)
        }
    }

    @Test func lookupsAreNamedAsSalesforceNamesThem() {
        #expect(LookupRules.relationshipName(of: "AccountId") == "Account")
        #expect(LookupRules.relationshipName(of: "Region__c") == "Region__r")
        #expect(LookupRules.relationshipName(of: "Name") == nil)
        #expect(LookupRules.target(of: "Owner", on: "opportunity") == "user")
        #expect(LookupRules.target(of: "ConvertedAccount", on: "lead") == "account")
        #expect(LookupRules.target(of: "Parent", on: "account") == "account")
        #expect(LookupRules.target(of: "Campaign", on: "opportunity") == "campaign")
        #expect(LookupRules.target(of: "Region__r", on: "account") == "region__c")
        #expect(LookupRules.target(of: "Who", on: "task") == nil)
    }

    @Test func specsDecodeStrictlyInBothMeasureForms() throws {
        let single = try decode(#"""
            {"object": "Opportunity", "measure": {"aggregate": "sum", "field": "Amount"},
             "time": {"field": "CloseDate", "from": "2025-01-01", "to": "2026-01-01", "interval": "month"},
             "filters": [{"field": "StageName", "op": "in", "value": ["Closed Won", 3, true]}, {"field": "CampaignId", "op": "isNull", "value": null}],
             "groupBy": ["Account.Industry"], "currency": "none"}
            """#)
        #expect(single.isSingleMeasure && single.measures["value"] == MeasureSpec(aggregate: "sum", field: "Amount"))
        #expect(single.filters[0].value == .list([.string("Closed Won"), .number("3"), .bool(true)]))
        #expect(single.filters[1].value == nil)
        let several = try decode(#"{"object": "Opportunity", "measures": {"A": {"aggregate": "count", "filters": [{"field": "IsWon", "op": "=", "value": true}]}, "B": {"aggregate": "count"}}, "formula": "A / B"}"#)
        #expect(!several.isSingleMeasure && several.measures.count == 2 && several.formula == "A / B")
        #expect(throws: QueryError.invalid("unknown key 'groupby' in the query; expected object, measure, measures, formula, time, filters, groupBy, currency")) {
            try decode(#"{"object": "Lead", "measure": {"aggregate": "count"}, "groupby": ["Status"]}"#)
        }
        #expect(throws: QueryError.self) { try decode(#"{"object": "Lead", "measure": {"aggregate": "count", "feild": "Id"}}"#) }
        #expect(throws: QueryError.self) { try decode(#"{"object": "Lead"}"#) }
        #expect(throws: QueryError.self) { try decode(#"{"object": "Lead", "measure": {"aggregate": "count"}, "measures": {}}"#) }
    }

    private func decode(_ json: String) throws -> QuerySpec { try JSONDecoder().decode(QuerySpec.self, from: Data(json.utf8)) }
}
