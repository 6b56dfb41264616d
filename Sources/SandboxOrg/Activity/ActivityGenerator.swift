import ServiceLifecycle
import SOQL
import Synchronization

/// Continuous activity: a steady stream of creates, updates, lead conversions and deletes, so a
/// sync can be tested against an org that changes while it runs. Off at rate 0.
final class ActivityGenerator: Service, Sendable {
    private let store: OrgStore
    private let state: Mutex<(rate: Double, step: Int)>

    init(store: OrgStore, ratePerSecond: Double) {
        self.store = store
        self.state = Mutex((ratePerSecond, 0))
    }

    var rate: Double { state.withLock { $0.rate } }
    func setRate(_ rate: Double) { state.withLock { $0.rate = rate } }

    func run() async throws {
        while !Task.isShuttingDownGracefully && !Task.isCancelled {
            let rate = self.rate
            guard rate > 0 else {
                try? await Task.sleep(for: .milliseconds(100))
                continue
            }
            // Work in ticks of at most 50 ms so a rate change takes effect quickly.
            let perTick = max(1, Int((rate / 20).rounded()))
            for _ in 0..<perTick { performOne() }
            try? await Task.sleep(for: .milliseconds(max(1, Int(1000 * Double(perTick) / rate))))
        }
    }

    /// One change, chosen and shaped by a deterministic stream so runs are repeatable.
    func performOne() {
        let step = state.withLock { s in
            s.step += 1
            return s.step
        }
        var r = RecordRandom(seed: store.generator.config.seed, stream: 97, index: step)
        let catalog = store.catalog
        let admin = SalesforceID.make(prefix: "005", index: 0)
        let kind = r.weighted([0.35, 0.25, 0.1, 0.15, 0.15])
        switch kind {
        case 0: createLead(&r, catalog: catalog, user: admin)
        case 1: advanceOpportunity(&r, catalog: catalog, user: admin)
        case 2: convertLead(&r, catalog: catalog, user: admin)
        case 3: touch(&r, catalog: catalog, object: r.chance(0.5) ? "Account" : "Contact", user: admin)
        default: deleteOne(&r, catalog: catalog, user: admin)
        }
    }

    private func randomLive(_ r: inout RecordRandom, object: Int, where predicate: ([SOQLValue], ObjectSchema) -> Bool = { _, _ in true }) -> (Int, [SOQLValue])? {
        let snapshot = store.snapshot()
        let count = snapshot.tables[object].count
        guard count > 0 else { return nil }
        for _ in 0..<20 {
            let index = r.below(count)
            if let v = snapshot.values(object: object, index: index, includeDeleted: false), predicate(v, snapshot.catalog.schemas[object]) {
                return (index, v)
            }
        }
        return nil
    }

    private func createLead(_ r: inout RecordRandom, catalog: OrgCatalog, user: String) {
        guard let lead = catalog.objectIndex(name: "Lead") else { return }
        let first = r.pick(Vocabulary.firstNames)
        let last = r.pick(Vocabulary.lastNames)
        store.insert(
            object: lead,
            values: store.fields(catalog, lead, [
                ("FirstName", .string(first)), ("LastName", .string(last)), ("Name", .string("\(first) \(last)")),
                ("Company", .string("\(r.pick(Vocabulary.companyStems)) \(r.pick(Vocabulary.companySuffixes))")),
                ("LeadSource", .string(Vocabulary.leadSources[r.weighted(Vocabulary.leadSourceWeights)])),
                ("Status", .string("Open - Not Contacted")), ("Industry", .string(r.pick(Vocabulary.industries))),
                ("Rating", .string(r.pick(Vocabulary.ratings))), ("Title", .string(r.pick(Vocabulary.titles).0)),
                ("NumberOfEmployees", .integer(Int64(r.int(5...20_000)))),
            ]), byUser: user)
    }

    private func advanceOpportunity(_ r: inout RecordRandom, catalog: OrgCatalog, user: String) {
        guard let opp = catalog.objectIndex(name: "Opportunity"), let history = catalog.objectIndex(name: "OpportunityHistory"),
            let stageSlot = catalog.schemas[opp].fieldIndex(named: "StageName"),
            let (index, current) = randomLive(&r, object: opp, where: { v, _ in
                if case .string(let s) = v[stageSlot] { return !s.hasPrefix("Closed") }
                return false
            }),
            case .string(let stage) = current[stageSlot], let at = Vocabulary.stages.firstIndex(of: stage)
        else { return }
        let next = at >= 7 ? (r.chance(0.55) ? 8 : 9) : at + 1
        let probability = Vocabulary.stageProbability[next]
        let oppID = SalesforceID.make(prefix: catalog.schemas[opp].keyPrefix ?? "006", index: index)
        try? store.update(
            object: opp, index: index,
            values: store.fields(catalog, opp, [
                ("StageName", .string(Vocabulary.stages[next])), ("Probability", .number(probability)),
                ("IsClosed", .boolean(next >= 8)), ("IsWon", .boolean(next == 8)),
                ("ForecastCategory", .string(Vocabulary.stageForecast[next])),
                ("ForecastCategoryName", .string(Vocabulary.forecastName[Vocabulary.stageForecast[next]] ?? "")),
            ]), byUser: user)
        let amountSlot = catalog.schemas[opp].fieldIndex(named: "Amount") ?? 0
        let closeSlot = catalog.schemas[opp].fieldIndex(named: "CloseDate") ?? 0
        store.insert(
            object: history,
            values: store.fields(catalog, history, [
                ("OpportunityId", .string(oppID)), ("StageName", .string(Vocabulary.stages[next])), ("Amount", current[amountSlot]),
                ("CloseDate", current[closeSlot]), ("Probability", .number(probability)),
                ("ForecastCategory", .string(Vocabulary.stageForecast[next])),
            ]), byUser: user)
    }

    private func convertLead(_ r: inout RecordRandom, catalog: OrgCatalog, user: String) {
        guard let lead = catalog.objectIndex(name: "Lead"), let converted = catalog.schemas[lead].fieldIndex(named: "IsConverted"),
            let (index, _) = randomLive(&r, object: lead, where: { v, _ in v[converted] == .boolean(false) })
        else { return }
        _ = try? store.convertLead(index: index, amount: Double(r.int(50...2_000)) * 100, byUser: user)
    }

    private func touch(_ r: inout RecordRandom, catalog: OrgCatalog, object name: String, user: String) {
        guard let object = catalog.objectIndex(name: name), let (index, _) = randomLive(&r, object: object) else { return }
        try? store.update(object: object, index: index, values: store.fields(catalog, object, [("Description", .string("Updated by activity #\(r.int(1...1_000_000))"))]), byUser: user)
    }

    private func deleteOne(_ r: inout RecordRandom, catalog: OrgCatalog, user: String) {
        let name = r.pick(["Task", "Lead", "Contact", "Event"])
        guard let object = catalog.objectIndex(name: name), let (index, _) = randomLive(&r, object: object) else { return }
        try? store.delete(object: object, index: index, byUser: user)
    }
}

extension SOQLValue {
    var stringValue: String {
        if case .string(let s) = self { return s }
        return ""
    }
}
