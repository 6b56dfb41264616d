import Foundation
import Logging
import SalesforceKit
import Warehouse

/// The first step of a cycle: describeGlobal, then describe of the objects in scope (batched
/// in composites, and only what changed since the last read: `SchemaCache`); tables are
/// created or brought up to date, settings get their defaults, and each table gets its plan.
struct StructureSync {
    let connectionID: Int64
    let client: any SalesforceAPI
    let warehouse: any Warehouse
    var options: SyncOptions
    let budget: APIBudget
    /// Id reconciliation may run: the user has *View All Data* (or it could not be found out),
    /// or the admin allowed it without. Otherwise a row the user cannot see would look deleted.
    var reconcileAllowed = true

    struct Outcome {
        var plans: [TablePlan] = []
        var skipped: [(object: String, reason: String)] = []
        /// Objects to be synced whose describe failed this cycle (after the transport's retries):
        /// skipped, and their tables count as failed, so the cycle ends partial with the reason.
        var unreadable: [(object: String, reason: String)] = []
        /// Table → warehouse columns the object's describe no longer lists (field-level
        /// security hid them, or they were deleted); they keep their values.
        var hiddenColumns: [String: [String]] = [:]
        /// The tables whose describe this cycle read or confirmed.
        var described: Set<String> = []
    }

    func run() async throws -> Outcome {
        var outcome = Outcome()
        let readAt = options.clock()
        let organizationID = try await warehouse.metadata.connection(id: connectionID)?.organizationID
        let cache = options.full || !options.reusesDescribes ? nil : try await SchemaCache.load(warehouse.metadata, connectionID: connectionID)
        let since = cache?.since(organizationID: organizationID)
        // The cached describes answer for the org only when the header was sent.
        let known = since == nil ? nil : cache
        let globals: [GlobalObject]
        let schemaUnchanged: Bool
        switch try await client.describeGlobal(ifModifiedSince: since) {
        case .modified(let list):
            (globals, schemaUnchanged) = (list, false)
        case .notModified:
            guard let known else { throw SalesforceError.malformedResponse("describeGlobal answered 304 Not Modified to a request without If-Modified-Since") }
            (globals, schemaUnchanged) = (known.globals, true)
        }
        let wanted = options.objects.map { Set($0.map { $0.lowercased() }) }
        let settings = Dictionary(
            try await warehouse.metadata.tableSettings(connectionID: connectionID).map { ($0.object, $0) },
            uniquingKeysWith: { a, _ in a })

        var eligible: [String] = []
        for object in globals where wanted?.contains(object.name.lowercased()) ?? true {
            if let reason = ObjectEligibility.skipReason(for: object) ?? (schemaUnchanged ? known?.unavailable[object.name] : nil) {
                outcome.skipped.append((object.name, reason))
                try await remember(object.name, settings[object.name], skipReason: reason)
            } else {
                eligible.append(object.name)
            }
        }
        if let wanted {
            let names = Set(globals.map { $0.name.lowercased() })
            for name in wanted.sorted() where !names.contains(name) {
                outcome.skipped.append((name, "the org has no object of this name, or the user cannot see it"))
            }
        }

        // Nothing changed in the org's schema: every object already described comes from the cache.
        let cached = schemaUnchanged ? eligible.compactMap { name in known?.describes[name].map { (name, Result<ObjectDescribe, SalesforceError>.success($0)) } } : []
        let toDescribe = eligible.filter { name in !cached.contains { $0.0 == name } }
        let fetched = try await describeAll(toDescribe, known: known, since: since)
        let describes = Dictionary(cached + fetched, uniquingKeysWith: { a, _ in a })
        var next = SchemaCache(organizationID: organizationID, readAt: nil, globals: globals,
                               describes: known?.describes.filter { name, _ in globals.contains { $0.name == name } } ?? [:],
                               unavailable: known?.unavailable ?? [:])
        // The objects whose describe this cycle read or confirmed (304).
        var confirmed = Set<String>()
        for name in eligible {
            guard let described = describes[name] else { continue }
            switch described {
            case .failure(let error):
                let reason = "describe failed: \(error.shortDescription): \(error.message)"
                outcome.skipped.append((name, reason))
                if case .skipObject = SalesforceErrorClassifier.decide(error, during: .describe) {
                    // The org says the object cannot be described (404, 400): not syncable.
                    try await remember(name, settings[name], skipReason: reason)
                    next.describes[name] = nil
                    next.unavailable[name] = reason
                } else {
                    // A describe that keeps failing (a timeout, 5xx): the table stays as it
                    // is, and this cycle says it was not read; its cached describe stays unconfirmed.
                    if settings[name].map({ $0.selected && $0.method != .paused && $0.skipReason == nil }) ?? true {
                        outcome.unreadable.append((name, reason))
                    }
                }
            case .success(let describe):
                confirmed.insert(name)
                next.describes[name] = describe
                next.unavailable[name] = nil
                let (plan, hidden) = try await plan(for: describe, settings: settings[name])
                if let plan { outcome.plans.append(plan) }
                let table = SchemaMapping.tableName(for: describe.name)
                outcome.described.insert(table)
                if !hidden.isEmpty { outcome.hiddenColumns[table] = hidden }
            }
        }
        // The cache is current as of this read only when every object in it was confirmed this
        // cycle (or describeGlobal's 304 confirmed them all). Otherwise (a cycle of some objects,
        // a describe that failed) it keeps its older time, so the next cycle asks about
        // everything changed since then.
        let allCurrent = schemaUnchanged || next.describes.keys.allSatisfy(confirmed.contains)
        next.readAt = allCurrent ? readAt : known?.readAt
        if next != cache { try await next.save(warehouse.metadata, connectionID: connectionID) }
        return outcome
    }

    /// Describes the objects through composite requests: 25 describes cost one API call
    /// instead of 25 (`SalesforceAPI.composite` batches them). An object in the cache is asked
    /// `If-Modified-Since` and answered from it on 304. Describes that fail alone are asked
    /// again one by one (`describeEach`, through the transport's retries) when the classifier
    /// calls them transient; one it calls a skip skips that object, never the cycle.
    private func describeAll(_ names: [String], known: SchemaCache?, since: Date?) async throws -> [(String, Result<ObjectDescribe, SalesforceError>)] {
        guard !names.isEmpty else { return [] }
        try budget.check(client)
        let ifModifiedSince = { (name: String) in known?.describes[name] == nil ? nil : since }
        let answers: [CompositeSubresponse]
        do {
            answers = try await client.composite(names.map { .describe($0, ifModifiedSince: ifModifiedSince($0)) }, allOrNone: false)
        } catch let error as SalesforceError {
            // A composite that keeps failing as a whole (a body cut in transit every time, one
            // describe too large for the edge) must not take every object with it: each is
            // described alone, so only the one that fails is skipped.
            if case .stopCycle = SalesforceErrorClassifier.decide(error, during: .composite) { throw error }
            options.logger.notice("describes one by one: the composite failed", metadata: ["error": "\(error.shortDescription)"])
            return try await describeEach(names, known: known, since: since)
        }
        guard answers.count == names.count else {
            throw SalesforceError.malformedResponse("composite: \(answers.count) describes for \(names.count) objects")
        }
        var results: [String: Result<ObjectDescribe, SalesforceError>] = [:]
        var again: [String] = []
        for (name, answer) in zip(names, answers) {
            guard let error = answer.error else {
                results[name] = .success(try Self.current(answer.notModified ? .notModified : .modified(try answer.decode(ObjectDescribe.self)), name, known))
                continue
            }
            switch SalesforceErrorClassifier.decide(error, during: .describe) {
            case .skipObject: results[name] = .failure(error)
            case .retry: again.append(name)
            default: throw error
            }
        }
        for (name, result) in try await describeEach(again, known: known, since: since) { results[name] = result }
        return names.compactMap { name in results[name].map { (name, $0) } }
    }

    /// The describe a conditional answer stands for: the cached one on 304.
    private static func current(_ answer: Conditional<ObjectDescribe>, _ name: String, _ known: SchemaCache?) throws -> ObjectDescribe {
        switch answer {
        case .modified(let describe): return describe
        case .notModified:
            guard let describe = known?.describes[name] else {
                throw SalesforceError.malformedResponse("describe of \(name) answered 304 Not Modified to a request without If-Modified-Since")
            }
            return describe
        }
    }

    /// One describe per object, four at a time: the fallback when composites fail.
    private func describeEach(_ names: [String], known: SchemaCache?, since: Date?) async throws -> [(String, Result<ObjectDescribe, SalesforceError>)] {
        try await withThrowingTaskGroup(of: (Int, Result<ObjectDescribe, SalesforceError>).self) { group in
            var results = [(String, Result<ObjectDescribe, SalesforceError>)?](repeating: nil, count: names.count)
            var next = 0
            func launch() {
                guard next < names.count else { return }
                let index = next
                next += 1
                let name = names[index]
                let ifModifiedSince = known?.describes[name] == nil ? nil : since
                group.addTask { [client, budget] in
                    try budget.check(client)
                    do { return (index, .success(try Self.current(try await client.describe(name, ifModifiedSince: ifModifiedSince), name, known))) }
                    catch let error as SalesforceError {
                        // One object's describe that keeps failing (a timeout, a 500 after the
                        // transport's retries) skips that object; only a cycle stop ends the cycle.
                        guard case .skipObject = SalesforceErrorClassifier.decideAfterRetries(error, during: .describe) else { throw error }
                        return (index, .failure(error))
                    }
                }
            }
            for _ in 0..<min(4, names.count) { launch() }
            while let (index, result) = try await group.next() {
                results[index] = (names[index], result)
                launch()
            }
            return results.compactMap { $0 }
        }
    }

    private func remember(_ object: String, _ existing: TableSettings?, skipReason: String) async throws {
        var row = existing ?? TableSettings(
            connectionID: connectionID, object: object, table: SchemaMapping.tableName(for: object), selected: false,
            method: .paused, replicationKey: nil)
        row.skipReason = skipReason
        try await warehouse.metadata.saveTableSettings(row)
    }

    /// Brings the table to its describe and decides what this cycle does with it; also the
    /// table's columns that describe no longer lists (kept, with their values).
    private func plan(for describe: ObjectDescribe, settings existing: TableSettings?) async throws -> (TablePlan?, hidden: [String]) {
        let table = SchemaMapping.tableName(for: describe.name)
        let (defaultMethod, defaultKey) = SchemaMapping.defaultReplication(for: describe)
        var settings = existing ?? TableSettings(
            connectionID: connectionID, object: describe.name, table: table, selected: true,
            method: defaultMethod, replicationKey: defaultKey)
        settings.skipReason = nil
        let fieldNames = Set(describe.fields.map(\.name))
        let filterable = SchemaMapping.filterableFields(of: describe)
        if let key = settings.replicationKey, !filterable.contains(key) {
            // The key field went away, or cannot be filtered on: fall back to the best the
            // object still has (the whole table when no date can be filtered on).
            settings.method = defaultMethod
            settings.replicationKey = defaultKey
        }
        let note = settings.method == .fullTable ? SchemaMapping.fullTableReason(for: describe) : nil

        let all = SchemaMapping.columns(of: describe)
        // Every column the object has, synced or not, for the Data Warehouse Manager.
        let fields = Dictionary(describe.fields.map { ($0.name, $0) }, uniquingKeysWith: { a, _ in a })
        try await warehouse.metadata.saveSourceColumns(connectionID: connectionID, table: table, all.map { column in
            SourceColumn(column, detail: fields[column.sourceName].map(SchemaMapping.detail))
        })
        let spec = try await warehouse.tableSpec(table)
        let described = Set(all.map(\.name))
        let hidden = spec?.columns.map(\.name).filter { !described.contains($0) } ?? []
        guard settings.selected, settings.method != .paused, !options.structureOnly else {
            // Unselected and paused tables are left as they are: no table is made or altered.
            try await warehouse.metadata.saveTableSettings(settings)
            return (nil, hidden)
        }

        let columnSettings = Dictionary(
            try await warehouse.metadata.columnSettings(connectionID: connectionID, table: table).map { ($0.column, $0) },
            uniquingKeysWith: { a, _ in a })
        // `IsArchived` stays selected where it decides how the object is read (`ArchivedRows`).
        let archived = ArchivedRows.applies(fields: fieldNames)
        let columns = all.filter { column in
            column.name == "id" || column.sourceName == settings.replicationKey || (archived && column.sourceName == ArchivedRows.field)
                || columnSettings[column.name]?.selected ?? true
        }
        let hadRows = spec != nil
        let change = try await warehouse.ensureTable(TableSpec(name: table, columns: columns))
        let now = options.clock()

        let recheck = try await dueRechecks(columns.filter(\.isFormula), table: table, settings: settings, columnSettings: columnSettings,
                                            hadRows: hadRows, now: now)
        if settings.lastFormulaRecheck == nil || !recheck.isEmpty { settings.lastFormulaRecheck = now }
        // Without View All Data reconciliation waits (its time does not move) until allowed.
        let reconcileDue = hadRows && reconcileAllowed && (options.full || settings.lastIDReconciliation.map {
            Int64(now.timeIntervalSince($0)) >= options.reconcileEverySeconds } ?? true)
        if reconcileDue || settings.lastIDReconciliation == nil { settings.lastIDReconciliation = now }
        try await warehouse.metadata.saveTableSettings(settings)

        let added = Set(change.addedColumns)
        let plan = TablePlan(
            connectionID: connectionID, object: describe.name, table: table, method: settings.method,
            replicationKey: settings.method == .fullTable ? nil : settings.replicationKey, columns: columns,
            hasIsDeleted: fieldNames.contains("IsDeleted"), deletionStamp: SchemaMapping.deletionStampField(in: filterable),
            recheckColumns: recheck,
            backfillColumns: change.created || !hadRows ? [] : columns.filter { added.contains($0.name) && !$0.isFormula },
            reconcile: reconcileDue, note: note, replicateable: describe.replicateable)
        return (plan, hidden)
    }

    /// The formula columns due for a recheck, each at its own frequency (the table's for a column
    /// without settings); their last recheck moves to `now`. A first copy reads every formula, so
    /// it counts as their first read.
    private func dueRechecks(_ formulas: [ColumnSpec], table: String, settings: TableSettings, columnSettings: [String: ColumnSettings],
                             hadRows: Bool, now: Date) async throws -> [ColumnSpec] {
        var due: [ColumnSpec] = []
        for formula in formulas {
            var column = columnSettings[formula.name]
                ?? ColumnSettings(connectionID: connectionID, table: table, column: formula.name, recheckFrequency: settings.recheckFrequency)
            let last = column.lastRecheck ?? settings.lastFormulaRecheck
            let isDue = hadRows && !options.full && Self.isDue(last: last, frequency: column.recheckFrequency, now: now)
            if isDue { due.append(formula) }
            guard isDue || column.lastRecheck == nil else { continue }
            column.lastRecheck = now
            try await warehouse.metadata.saveColumnSettings(column)
        }
        return due
    }

    /// Recheck frequencies: always (every cycle), daily, weekly, monthly, once (never again).
    static func isDue(last: Date?, frequency: RecheckFrequency, now: Date) -> Bool {
        guard let last else { return true }
        let age = now.timeIntervalSince(last)
        switch frequency {
        case .always: return true
        case .daily: return age >= 86_400
        case .weekly: return age >= 7 * 86_400
        case .monthly: return age >= 30 * 86_400
        case .once: return false
        }
    }
}
