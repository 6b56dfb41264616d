import SOQL
import Synchronization

/// The org's data: generated records plus every change made through the API. All writes go
/// through here under one lock; reads take a snapshot and run without it.
public final class OrgStore: Sendable {
    struct State: Sendable {
        var catalog: OrgCatalog
        var tables: [ObjectTable]
        /// When set, changes become visible to readers only this many ms after they are made,
        /// while keeping the SystemModstamp of the moment of the change (long transactions).
        var lateVisibilityMs: Int64 = 0
        /// Archived activities (nil: none are, the sandbox's default).
        var archive: ActivityArchive?
        /// Per object: when its schema last changed (ms), for `If-Modified-Since` on describes.
        /// The org's schema is born when the org starts.
        var schemaChangedAt: [Int64] = []
    }

    /// The records as they were at one moment, to put back when an `allOrNone` composite fails.
    struct Savepoint: Sendable {
        fileprivate let tables: [ObjectTable]
    }

    let generator: DataGenerator
    private let state: Mutex<State>
    let clock: @Sendable () -> Int64

    init(generator: DataGenerator, clock: @escaping @Sendable () -> Int64) {
        self.generator = generator
        self.clock = clock
        let catalog = OrgCatalog(schemas: generator.schemas)
        let tables = generator.counts.map(ObjectTable.init(baseCount:))
        // A production org's schema was set up long before an integration first reads it, and a
        // client that allows for clock skew asks `If-Modified-Since` minutes before its last
        // read: the schema's time is a day before the org starts, not the start itself.
        let born = clock() - 86_400_000
        self.state = Mutex(State(catalog: catalog, tables: tables, schemaChangedAt: [Int64](repeating: born, count: tables.count)))
    }

    /// When the schema of `object` last changed (ms since the epoch).
    func schemaChangedAt(object: Int) -> Int64 { state.withLock { $0.schemaChangedAt[object] } }

    /// When any object's schema last changed (describeGlobal's `If-Modified-Since`).
    var schemaChangedAt: Int64 { state.withLock { $0.schemaChangedAt.max() ?? 0 } }

    func savepoint() -> Savepoint { state.withLock { Savepoint(tables: $0.tables) } }

    /// Puts the records back as they were at `savepoint` (writes made since by anyone are lost:
    /// the sandbox has no per-transaction undo log).
    func rollback(to savepoint: Savepoint) { state.withLock { $0.tables = savepoint.tables } }

    var catalog: OrgCatalog { state.withLock { $0.catalog } }

    func snapshot(at time: Int64? = nil) -> OrgSnapshot {
        let now = time ?? clock()
        return state.withLock { OrgSnapshot(catalog: $0.catalog, tables: $0.tables, generator: generator, now: now, archive: $0.archive) }
    }

    /// Starts archiving activities older than 365 days before `day` (days since 1970), or moves
    /// the line forward to it; it never moves back. Returns the cutoff day in force.
    @discardableResult
    func archiveActivities(before day: Int32) -> Int32? {
        state.withLock { s in
            if var archive = s.archive {
                archive.cutoffDay = max(archive.cutoffDay, day)
                s.archive = archive
            } else {
                s.archive = ActivityArchive(catalog: s.catalog, cutoffDay: day)
            }
            return s.archive?.cutoffDay
        }
    }

    func setLateVisibility(ms: Int64) { state.withLock { $0.lateVisibilityMs = ms } }

    /// Number of live (not deleted) records of each object, for the sandbox's status page.
    func liveCounts() -> [String: Int] {
        state.withLock { s in
            Dictionary(uniqueKeysWithValues: s.catalog.schemas.enumerated().map { i, schema in
                (schema.name, s.tables[i].count - s.tables[i].deleted.count - s.tables[i].purged.subtracting(s.tables[i].deleted.keys).count)
            })
        }
    }

    // MARK: Writes

    /// Inserts a record and returns its index. `values` maps field positions to values already
    /// converted to the field's type; the audit fields are set here.
    @discardableResult
    func insert(object: Int, values input: [Int: SOQLValue], byUser userID: String) -> Int {
        state.withLock { s in
            let schema = s.catalog.schemas[object]
            let now = clock()
            let index = s.tables[object].count
            var values = [SOQLValue](repeating: .null, count: schema.fields.count)
            for (i, field) in schema.fields.enumerated() where field.type == .boolean && !field.nillable {
                values[i] = .boolean(field.defaultValue == "true")
            }
            for (i, field) in schema.fields.enumerated() where input[i] == nil {
                if let d = field.picklistValues.first(where: \.isDefault) { values[i] = .string(d.value) }
            }
            for (i, v) in input { values[i] = v }
            AuditSlots.composeName(&values, schema: schema)
            let audit = AuditSlots(schema)
            if let prefix = schema.keyPrefix { audit.set(&values, audit.id, .string(SalesforceID.make(prefix: prefix, index: index))) }
            audit.set(&values, audit.createdDate, .dateTime(now))
            audit.set(&values, audit.createdBy, .string(userID))
            if audit.owner >= 0, values[audit.owner].isNull { values[audit.owner] = .string(userID) }
            audit.stamp(&values, now: now, userID: userID)
            audit.set(&values, audit.isDeleted, .boolean(false))
            s.tables[object].count += 1
            s.tables[object].versions[index] = RecordVersion(
                values: values, visibleFrom: now + s.lateVisibilityMs, previous: nil, existedBefore: false)
            return index
        }
    }

    /// Applies field changes to a live record. Throws NOT_FOUND / ENTITY_IS_DELETED.
    func update(object: Int, index: Int, values input: [Int: SOQLValue], byUser userID: String) throws(SalesforceFault) {
        try state.withLock { (s: inout State) throws(SalesforceFault) in
            let now = clock()
            var values = try currentValues(&s, object: object, index: index, now: now)
            for (i, v) in input where i < values.count { values[i] = v }
            AuditSlots.composeName(&values, schema: s.catalog.schemas[object])
            AuditSlots(s.catalog.schemas[object]).stamp(&values, now: now, userID: userID)
            write(&s, object: object, index: index, values: values, now: now)
        }
    }

    /// The record as writers see it (the latest version, even one readers cannot see yet).
    /// Throws NOT_FOUND / ENTITY_IS_DELETED.
    func latestValues(object: Int, index: Int) throws(SalesforceFault) -> [SOQLValue] {
        try state.withLock { (s: inout State) throws(SalesforceFault) in try currentValues(&s, object: object, index: index, now: clock()) }
    }

    /// Applies `change` to every live record of `object` whose field `slot` holds `value`, and
    /// stamps each, under one lock; returns how many. Looked for among the generated records in
    /// `generated` (the ones that can hold it) and every record changed or created at run time,
    /// so no generated table is scanned.
    @discardableResult
    func updateWhere(object: Int, slot: Int, equals value: SOQLValue, generated: Range<Int>, byUser userID: String,
                     change: ([SOQLValue]) -> [Int: SOQLValue]) -> Int {
        state.withLock { s in
            let table = s.tables[object]
            let candidates = Set(generated.clamped(to: 0..<table.baseCount)).union(table.versions.keys)
            let now = clock()
            var changed = 0
            for index in candidates.sorted() where table.deleted[index] == nil && !table.purged.contains(index) {
                guard var values = try? currentValues(&s, object: object, index: index, now: now), slot < values.count, values[slot] == value
                else { continue }
                for (i, v) in change(values) where i < values.count { values[i] = v }
                AuditSlots(s.catalog.schemas[object]).stamp(&values, now: now, userID: userID)
                write(&s, object: object, index: index, values: values, now: now)
                changed += 1
            }
            return changed
        }
    }

    /// Moves a record to the recycle bin (queryAll still sees it, with IsDeleted = true).
    func delete(object: Int, index: Int, byUser userID: String) throws(SalesforceFault) {
        try state.withLock { (s: inout State) throws(SalesforceFault) in
            let now = clock()
            var values = try currentValues(&s, object: object, index: index, now: now)
            let audit = AuditSlots(s.catalog.schemas[object])
            audit.set(&values, audit.isDeleted, .boolean(true))
            audit.stamp(&values, now: now, userID: userID)
            write(&s, object: object, index: index, values: values, now: now)
            s.tables[object].deleted[index] = now
            s.tables[object].deleteLog.append((index, now))
        }
    }

    /// Hard-deletes everything in the recycle bin of one object (or all): the records vanish
    /// from queryAll, and only the `deleted` resource (or an id reconciliation) still tells.
    func emptyRecycleBin(object: Int?) -> Int {
        state.withLock { s in
            var purged = 0
            for i in s.tables.indices where object == nil || object == i {
                for (index, _) in s.tables[i].deleted {
                    s.tables[i].purged.insert(index)
                    purged += 1
                }
                s.tables[i].deleted.removeAll()
            }
            return purged
        }
    }

    /// Adds a custom field to an object (new fields must be picked up by the sync).
    func addField(_ field: FieldSchema, to object: Int) {
        state.withLock { s in
            s.catalog = s.catalog.adding(field, to: object)
            s.schemaChangedAt[object] = clock()
        }
    }

    private func currentValues(_ s: inout State, object: Int, index: Int, now: Int64) throws(SalesforceFault) -> [SOQLValue] {
        let table = s.tables[object]
        guard index >= 0, index < table.count, !table.purged.contains(index) else { throw .notFound }
        if table.deleted[index] != nil { throw .entityDeleted }
        // Writers see the latest version, even one that readers cannot see yet.
        var values: [SOQLValue]
        if let version = table.versions[index] {
            values = version.values
        } else {
            values = generator.record(object: object, index: index)
        }
        let width = s.catalog.schemas[object].fields.count
        if values.count < width { values += [SOQLValue](repeating: .null, count: width - values.count) }
        return values
    }

    private func write(_ s: inout State, object: Int, index: Int, values: [SOQLValue], now: Int64) {
        let late = s.lateVisibilityMs
        let old = s.tables[object].versions[index]
        var previous: [SOQLValue]? = nil
        var existedBefore = true
        if late > 0 {
            // Readers keep seeing the version they saw until the new one becomes visible.
            if let old, old.visibleFrom > now {
                previous = old.previous
                existedBefore = old.existedBefore
            } else if let old {
                previous = old.values
            } else if index < s.tables[object].baseCount {
                previous = generator.record(object: object, index: index)
            }
        }
        s.tables[object].versions[index] = RecordVersion(
            values: values, visibleFrom: now + late, previous: previous, existedBefore: existedBefore)
    }
}

/// Positions of the audit fields of one object (-1 when the object lacks the field).
struct AuditSlots {
    let id, createdDate, createdBy, lastModifiedDate, lastModifiedBy, systemModstamp, isDeleted, owner: Int

    init(_ schema: ObjectSchema) {
        func slot(_ name: String) -> Int { schema.fieldIndex(named: name) ?? -1 }
        id = slot("Id")
        createdDate = slot("CreatedDate")
        createdBy = slot("CreatedById")
        lastModifiedDate = slot("LastModifiedDate")
        lastModifiedBy = slot("LastModifiedById")
        systemModstamp = slot("SystemModstamp")
        isDeleted = slot("IsDeleted")
        owner = slot("OwnerId")
    }

    /// Person objects (Lead, Contact, User) keep `Name` as the join of its parts, as Salesforce does.
    static func composeName(_ values: inout [SOQLValue], schema: ObjectSchema) {
        guard let name = schema.fieldIndex(named: "Name"), let last = schema.fieldIndex(named: "LastName"),
            schema.fields[last].compoundFieldName == "Name" || schema.name == "User", name < values.count
        else { return }
        let parts = [schema.fieldIndex(named: "FirstName"), last].compactMap { $0 }.compactMap { i -> String? in
            if case .string(let s) = values[i], !s.isEmpty { return s }
            return nil
        }
        values[name] = parts.isEmpty ? .null : .string(parts.joined(separator: " "))
    }

    func set(_ values: inout [SOQLValue], _ slot: Int, _ value: SOQLValue) {
        if slot >= 0, slot < values.count { values[slot] = value }
    }

    func stamp(_ values: inout [SOQLValue], now: Int64, userID: String) {
        set(&values, lastModifiedDate, .dateTime(now))
        set(&values, lastModifiedBy, .string(userID))
        set(&values, systemModstamp, .dateTime(now))
    }
}
