import SOQL
import Testing

@Suite("WHERE evaluation")
struct EvaluationTests {
    let store = TestStore()

    /// Which of `rows` the query's WHERE accepts, by their Name.
    func names(_ where: String, _ rows: [TestRow], now: Int64 = testNow) throws -> [String] {
        let query = try bind("SELECT Name FROM Account WHERE \(`where`)", now: now)
        return rows.filter { query.matches($0) }.map {
            if case .string(let name) = $0.values[1] { return name }
            return "<null>"
        }
    }

    @Test func textIsCaseInsensitive() throws {
        let rows = [account(store, ["Name": .string("Acme")]), account(store, ["Name": .string("Globex")]),
                    account(store, ["Name": .string("ÉCOLE")])]
        #expect(try names("Name = 'ACME'", rows) == ["Acme"])
        #expect(try names("Name != 'acme'", rows) == ["Globex", "ÉCOLE"])
        #expect(try names("Name <> 'acme'", rows) == ["Globex", "ÉCOLE"])
        #expect(try names("Name = 'école'", rows) == ["ÉCOLE"])
        #expect(try names("Name IN ('GLOBEX', 'école')", rows) == ["Globex", "ÉCOLE"])
        #expect(try names("Name NOT IN ('globex')", rows) == ["Acme", "ÉCOLE"])
        #expect(try names("Name > 'b'", rows) == ["Globex", "ÉCOLE"])
        #expect(try names("Name <= 'ACME'", rows) == ["Acme"])
    }

    @Test func like() throws {
        let rows = [account(store, ["Name": .string("Acme Corp")]), account(store, ["Name": .string("100% Pure")]),
                    account(store, ["Name": .string("a_b")]), account(store, ["Name": .string("Über")])]
        #expect(try names("Name LIKE 'acme%'", rows) == ["Acme Corp"])
        #expect(try names("Name LIKE '%CORP'", rows) == ["Acme Corp"])
        #expect(try names("Name LIKE '%e%'", rows) == ["Acme Corp", "100% Pure", "Über"])
        #expect(try names(#"Name LIKE '%\%%'"#, rows) == ["100% Pure"])
        #expect(try names("Name LIKE 'a_b'", rows) == ["a_b"])
        #expect(try names(#"Name LIKE '_\_%'"#, rows) == ["a_b"])
        #expect(try names("Name LIKE '_ber'", rows) == ["Über"])
        #expect(try names("Name LIKE 'über'", rows) == ["Über"])
        #expect(try names("NOT Name LIKE '%e%'", rows) == ["a_b"])
    }

    @Test func nullsAreValues() throws {
        let rows = [account(store, ["Name": .string("A"), "Industry": .string("Energy")]),
                    account(store, ["Name": .string("B")])]
        #expect(try names("Industry = null", rows) == ["B"])
        #expect(try names("Industry != null", rows) == ["A"])
        #expect(try names("Industry = 'energy'", rows) == ["A"])
        // SOQL's != and NOT IN keep rows whose field is null, unlike SQL.
        #expect(try names("Industry != 'Banking'", rows) == ["A", "B"])
        #expect(try names("Industry NOT IN ('Banking')", rows) == ["A", "B"])
        #expect(try names("Industry IN ('Energy', null)", rows) == ["A", "B"])
        #expect(try names("Industry > 'a'", rows) == ["A"])
        #expect(try names("Industry LIKE '%'", rows) == ["A"])
    }

    @Test func booleansAndNumbers() throws {
        let rows = [
            account(store, ["Name": .string("A"), "IsDeleted": .boolean(true), "AnnualRevenue": .number(1500.5),
                            "NumberOfEmployees": .integer(10)]),
            account(store, ["Name": .string("B"), "IsDeleted": .boolean(false), "AnnualRevenue": .integer(20),
                            "NumberOfEmployees": .integer(200)]),
        ]
        #expect(try names("IsDeleted = true", rows) == ["A"])
        #expect(try names("isdeleted = FALSE", rows) == ["B"])
        #expect(try names("IsDeleted != true", rows) == ["B"])
        #expect(try names("AnnualRevenue > 100", rows) == ["A"])
        #expect(try names("AnnualRevenue = 20.0", rows) == ["B"])
        #expect(try names("NumberOfEmployees >= 10 AND NumberOfEmployees < 200", rows) == ["A"])
        #expect(try names("NumberOfEmployees IN (200, 300)", rows) == ["B"])
        #expect(try names("AnnualRevenue > -5.5", rows) == ["A", "B"])
    }

    @Test func ids() throws {
        let a = account(store, ["Id": .string("001Da00000xnAk6IAE"), "Name": .string("A")])
        let b = account(store, ["Id": .string("001Da00000xnAK6IAE"), "Name": .string("B")])
        #expect(try names("Id = '001Da00000xnAk6IAE'", [a, b]) == ["A"])
        #expect(try names("Id = '001Da00000xnAk6'", [a, b]) == ["A"])
        #expect(try names("Id = '001Da00000xnAK6'", [a, b]) == ["B"])
        #expect(try names("Id != '001Da00000xnAk6'", [a, b]) == ["B"])
        #expect(try names("Id IN ('001Da00000xnAK6', '001000000000000AAA')", [a, b]) == ["B"])
        #expect(try names("Id NOT IN ('001Da00000xnAK6IAE')", [a, b]) == ["A"])
        // Long lists are hashed instead of scanned; the semantics must not change.
        let filler = (1...9).map { "'001000000000\(100 + $0)'" }.joined(separator: ", ")
        #expect(try names("Id IN (\(filler), '001Da00000xnAk6')", [a, b]) == ["A"])
        #expect(try names("Id NOT IN (\(filler), '001Da00000xnAk6IAE')", [a, b]) == ["B"])
        let words = (1...9).map { "'w\($0)'" }.joined(separator: ", ")
        #expect(try names("Name IN (\(words), 'b')", [a, b]) == ["B"])
    }

    @Test func dateTimes() throws {
        let rows = [
            account(store, ["Name": .string("old"), "SystemModstamp": .dateTime(ms("2024-01-01T23:59:59.999Z"))]),
            account(store, ["Name": .string("new"), "SystemModstamp": .dateTime(ms("2024-01-02T03:04:05Z"))]),
        ]
        #expect(try names("SystemModstamp >= 2024-01-02T03:04:05.000Z AND SystemModstamp < 2024-01-09T00:00:00Z", rows) == ["new"])
        #expect(try names("SystemModstamp = 2024-01-02T03:04:05Z", rows) == ["new"])
        // An offset literal is converted to UTC: 2024-01-02T01:00:00+02:00 is 2024-01-01T23:00:00Z.
        #expect(try names("SystemModstamp > 2024-01-02T01:00:00+02:00", rows) == ["old", "new"])
        #expect(try names("SystemModstamp > 2024-01-02T01:00:00-02:00", rows) == ["new"])
        #expect(try names("SystemModstamp IN (2024-01-02T03:04:05Z)", rows) == ["new"])
    }

    @Test func dates() throws {
        let rows = [account(store, ["Name": .string("A"), "LastActivityDate": .date(day("2024-02-29"))]),
                    account(store, ["Name": .string("B"), "LastActivityDate": .date(day("2024-03-15"))])]
        #expect(try names("LastActivityDate = 2024-02-29", rows) == ["A"])
        #expect(try names("LastActivityDate > 2024-02-29", rows) == ["B"])
        #expect(try names("LastActivityDate = TODAY", rows) == ["B"])
        #expect(try names("LastActivityDate = LAST_MONTH", rows) == ["A"])
        #expect(try names("LastActivityDate < THIS_MONTH", rows) == ["A"])
        #expect(try names("LastActivityDate = LAST_N_DAYS:15", rows) == ["A", "B"])
        #expect(try names("LastActivityDate = LAST_N_DAYS:14", rows) == ["B"])
        #expect(try names("LastActivityDate IN (YESTERDAY, 2024-02-29)", rows) == ["A"])
    }

    @Test func relativeLiteralsOnDateTimes() throws {
        // testNow is Friday 2024-03-15T12:00Z; the week runs Sunday 03-10 to Saturday 03-16.
        let rows = [
            account(store, ["Name": .string("sun"), "CreatedDate": .dateTime(ms("2024-03-10T00:00:00Z"))]),
            account(store, ["Name": .string("sat"), "CreatedDate": .dateTime(ms("2024-03-09T23:59:59.999Z"))]),
            account(store, ["Name": .string("today"), "CreatedDate": .dateTime(ms("2024-03-15T23:59:59Z"))]),
            account(store, ["Name": .string("tomorrow"), "CreatedDate": .dateTime(ms("2024-03-16T00:00:00Z"))]),
            account(store, ["Name": .string("lastyear"), "CreatedDate": .dateTime(ms("2023-12-31T10:00:00Z"))]),
        ]
        #expect(try names("CreatedDate = TODAY", rows) == ["today"])
        #expect(try names("CreatedDate = TOMORROW", rows) == ["tomorrow"])
        #expect(try names("CreatedDate = THIS_WEEK", rows) == ["sun", "today", "tomorrow"])
        #expect(try names("CreatedDate = LAST_WEEK", rows) == ["sat"])
        #expect(try names("CreatedDate = THIS_YEAR", rows) == ["sun", "sat", "today", "tomorrow"])
        #expect(try names("CreatedDate = LAST_YEAR", rows) == ["lastyear"])
        #expect(try names("CreatedDate = THIS_QUARTER", rows) == ["sun", "sat", "today", "tomorrow"])
        #expect(try names("CreatedDate = NEXT_N_DAYS:1", rows) == ["tomorrow"])
        #expect(try names("CreatedDate > TODAY", rows) == ["tomorrow"])
        #expect(try names("CreatedDate >= THIS_WEEK", rows) == ["sun", "today", "tomorrow"])
        #expect(try names("CreatedDate <= YESTERDAY", rows) == ["sun", "sat", "lastyear"])
        #expect(try names("CreatedDate < THIS_MONTH", rows) == ["lastyear"])
        #expect(try names("CreatedDate = LAST_N_MONTHS:3", rows) == ["lastyear"])
        #expect(try names("CreatedDate != TODAY", rows) == ["sun", "sat", "tomorrow", "lastyear"])
    }

    @Test func booleanStructure() throws {
        let rows = [account(store, ["Name": .string("A"), "Industry": .string("Energy"), "NumberOfEmployees": .integer(5)]),
                    account(store, ["Name": .string("B"), "Industry": .string("Banking"), "NumberOfEmployees": .integer(50)]),
                    account(store, ["Name": .string("C"), "Industry": .string("Energy"), "NumberOfEmployees": .integer(500)])]
        #expect(try names("Industry = 'Energy' AND NumberOfEmployees > 10", rows) == ["C"])
        #expect(try names("Industry = 'Banking' OR NumberOfEmployees < 10", rows) == ["A", "B"])
        #expect(try names("Industry = 'Energy' AND (NumberOfEmployees < 10 OR NumberOfEmployees > 100)", rows) == ["A", "C"])
        #expect(try names("NOT (Industry = 'Energy')", rows) == ["B"])
        #expect(try names("NOT Industry = 'Energy' OR Name = 'A'", rows) == ["A", "B"])
        #expect(try names("((Name = 'A'))", rows) == ["A"])
    }

    @Test func stringEscapes() throws {
        let rows = [account(store, ["Name": .string("O'Brien \"Ltd\"\\")]), account(store, ["Name": .string("tab\there")])]
        #expect(try names(#"Name = 'O\'Brien \"Ltd\"\\'"#, rows) == ["O'Brien \"Ltd\"\\"])
        #expect(try names(#"Name = 'tab\there'"#, rows) == ["tab\there"])
    }

    @Test func includesAndExcludes() throws {
        let rows = [account(store, ["Name": .string("A"), "Interests__c": .string("Golf;Tennis")]),
                    account(store, ["Name": .string("B"), "Interests__c": .string("Chess")]),
                    account(store, ["Name": .string("C")])]
        #expect(try names("Interests__c INCLUDES ('golf')", rows) == ["A"])
        #expect(try names("Interests__c INCLUDES ('Tennis;Golf')", rows) == ["A"])
        #expect(try names("Interests__c INCLUDES ('Tennis;Chess', 'chess')", rows) == ["B"])
        #expect(try names("Interests__c EXCLUDES ('Golf')", rows) == ["B", "C"])
    }

    @Test func relationshipPathsInWhere() throws {
        let manager = store.add("User", [.string("005000000000001AAA"), .string("Boss"), .string("boss@x.com"), .null, .boolean(true)])
        _ = manager
        store.add("User", [.string("005000000000002AAA"), .string("Owner"), .string("o@x.com"), .string("005000000000001AAA"), .boolean(true)])
        let owned = account(store, ["Name": .string("owned"), "OwnerId": .string("005000000000002AAA")])
        let orphan = account(store, ["Name": .string("orphan")])
        #expect(try names("Owner.Name = 'owner'", [owned, orphan]) == ["owned"])
        #expect(try names("Owner.Manager.Email LIKE 'boss@%'", [owned, orphan]) == ["owned"])
        #expect(try names("Owner.Name = null", [owned, orphan]) == ["orphan"])
        #expect(try names("OwnerId = '005000000000002'", [owned, orphan]) == ["owned"])
    }

    @Test func noWhereMatchesEverything() throws {
        let query = try bind("SELECT Id FROM Account")
        #expect(query.matches(account(store, [:])))
    }
}
