import SOQL
import Testing

@testable import SandboxOrg

@Suite struct GeneratorTests {
    static let asOf: Int64 = 1_767_225_600_000
    let people = [GeneratorConfig.Person(username: "admin@x.test", firstName: "Ada", lastName: "Admin")]

    func generator(seed: UInt64 = 42, scale: Int = 1) -> DataGenerator {
        DataGenerator(config: GeneratorConfig(seed: seed, scale: scale, asOf: Self.asOf, people: people), schemas: StandardObjects.all)
    }

    func object(_ g: DataGenerator, _ name: String) throws -> Int { try #require(g.schemas.firstIndex { $0.name == name }) }

    func value(_ g: DataGenerator, _ object: Int, _ index: Int, _ field: String) -> SOQLValue {
        let values = g.record(object: object, index: index)
        guard let i = g.schemas[object].fieldIndex(named: field), i < values.count else { return .null }
        return values[i]
    }

    @Test func sameSeedSameOrgOtherSeedOtherOrg() throws {
        let a = generator(), b = generator(), c = generator(seed: 7)
        let lead = try object(a, "Lead")
        #expect(a.counts == b.counts)
        for i in [0, 17, 999] {
            #expect(a.record(object: lead, index: i) == b.record(object: lead, index: i))
        }
        #expect((0..<20).contains { a.record(object: lead, index: $0) != c.record(object: lead, index: $0) })
    }

    @Test func baseDataSetIsAboutTenThousandRecordsAndScales() {
        let one = generator().counts.reduce(0, +)
        #expect((8_000...14_000).contains(one))
        let ten = generator(scale: 10).counts.reduce(0, +)
        #expect(ten > 9 * one && ten < 11 * one)
    }

    @Test func everyLookupPointsToAnExistingRecord() throws {
        let g = generator()
        let catalog = OrgCatalog(schemas: g.schemas)
        let prefixes = Set(g.schemas.compactMap(\.keyPrefix))
        for (o, schema) in g.schemas.enumerated() where g.counts[o] > 0 {
            let lookups = schema.fields.enumerated().filter { $0.element.type == .reference }
            for index in stride(from: 0, to: g.counts[o], by: max(1, g.counts[o] / 200)) {
                let values = g.record(object: o, index: index)
                #expect(values.count == schema.fields.count)
                for (i, field) in lookups {
                    // Lookups to objects outside the org's data (Profile, UserRole…) are not followed.
                    guard case .string(let id) = values[i], field.referenceTo.contains(where: { catalog.objectIndex(name: $0) != nil }) else { continue }
                    let parsed = try #require(SalesforceID.parse(id), "\(schema.name).\(field.name) = \(id)")
                    #expect(prefixes.contains(parsed.prefix))
                    let target = try #require(catalog.objectIndex(prefix: parsed.prefix))
                    #expect(parsed.index < g.counts[target], "\(schema.name)[\(index)].\(field.name) → \(g.schemas[target].name)[\(parsed.index)] of \(g.counts[target])")
                }
                // Id is the record's own id, and required fields are filled.
                #expect(values[0] == .string(SalesforceID.make(prefix: schema.keyPrefix ?? "", index: index)))
                for (i, f) in schema.fields.enumerated() where !f.nillable && f.type != .address && f.type != .location && !f.isCalculated {
                    #expect(!values[i].isNull, "\(schema.name).\(f.name) is required")
                }
            }
        }
    }

    @Test func convertedLeadsBecomeAccountsContactsAndOpportunities() throws {
        let g = generator()
        let lead = try object(g, "Lead"), contact = try object(g, "Contact"), opp = try object(g, "Opportunity")
        let converted = (0..<g.counts[lead]).filter { value(g, lead, $0, "IsConverted") == .boolean(true) }
        #expect(converted.count > g.counts[lead] / 10)
        for i in converted.prefix(50) {
            guard case .string(let contactID) = value(g, lead, i, "ConvertedContactId"), let c = SalesforceID.parse(contactID),
                case .string(let oppID) = value(g, lead, i, "ConvertedOpportunityId"), let o = SalesforceID.parse(oppID)
            else { Issue.record("lead \(i) lacks its conversion ids"); continue }
            #expect(value(g, contact, c.index, "LastName") == value(g, lead, i, "LastName"))
            #expect(value(g, opp, o.index, "LeadSource") == value(g, lead, i, "LeadSource"))
            #expect(value(g, lead, i, "Status") == .string("Closed - Converted"))
        }
    }

    /// Conversion must depend on lead attributes strongly enough for a scoring model to learn.
    @Test func conversionDependsOnSourceAndRating() throws {
        let g = generator(scale: 4)
        let lead = try object(g, "Lead")
        var bySource: [String: (converted: Int, closed: Int)] = [:]
        var byRating: [String: (converted: Int, closed: Int)] = [:]
        for i in 0..<g.counts[lead] {
            guard case .string(let status) = value(g, lead, i, "Status"), status.hasPrefix("Closed") else { continue }
            let won = status == "Closed - Converted" ? 1 : 0
            if case .string(let s) = value(g, lead, i, "LeadSource") { bySource[s, default: (0, 0)].converted += won; bySource[s, default: (0, 0)].closed += 1 }
            if case .string(let r) = value(g, lead, i, "Rating") { byRating[r, default: (0, 0)].converted += won; byRating[r, default: (0, 0)].closed += 1 }
        }
        func rate(_ t: (converted: Int, closed: Int)?) -> Double { t.map { Double($0.converted) / Double(max(1, $0.closed)) } ?? 0 }
        #expect(rate(bySource["Partner Referral"]) > rate(bySource["Purchased List"]) + 0.2)
        #expect(rate(byRating["Hot"]) > rate(byRating["Cold"]) + 0.2)
    }

    @Test func opportunityHistoryFollowsEachDealsStages() throws {
        let g = generator()
        let opp = try object(g, "Opportunity"), history = try object(g, "OpportunityHistory")
        var lastStage: [String: SOQLValue] = [:]
        var lastTime: [String: Int64] = [:]
        for h in 0..<g.counts[history] {
            guard case .string(let oppID) = value(g, history, h, "OpportunityId"), case .dateTime(let t) = value(g, history, h, "CreatedDate") else {
                Issue.record("history \(h) incomplete"); continue
            }
            if let previous = lastTime[oppID] { #expect(t >= previous) }
            lastTime[oppID] = t
            lastStage[oppID] = value(g, history, h, "StageName")
        }
        #expect(lastStage.count == g.counts[opp])
        for (id, stage) in lastStage.prefix(100) {
            let index = try #require(SalesforceID.parse(id)).index
            #expect(value(g, opp, index, "StageName") == stage)
        }
    }
}
