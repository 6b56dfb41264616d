import SOQL

/// An immutable view of the whole org at one instant: what a query, a query cursor or a Bulk
/// job reads. Holding one keeps its tables alive (copy on write), never the records' JSON.
final class OrgSnapshot: Sendable {
    let catalog: OrgCatalog
    let tables: [ObjectTable]
    let generator: DataGenerator
    /// The snapshot's clock (ms since the epoch): late-visible changes before it are seen.
    let now: Int64
    /// Per object: no record changed, deleted or purged, so record N is simply generated. Reads
    /// of such tables skip the overlay lookups (three hashed probes and a copy of the table).
    private let pristine: [Bool]
    /// Archived activities: hidden unless `includeDeleted` (queryAll), `IsArchived` set on read.
    let archive: ActivityArchive?

    init(catalog: OrgCatalog, tables: [ObjectTable], generator: DataGenerator, now: Int64, archive: ActivityArchive? = nil) {
        self.catalog = catalog
        self.tables = tables
        self.generator = generator
        self.now = now
        self.archive = archive
        self.pristine = tables.map { $0.versions.isEmpty && $0.deleted.isEmpty && $0.purged.isEmpty }
    }

    /// The values of a record as a reader sees it now, formulas computed; nil when the record
    /// does not exist (yet), or was purged, or is deleted and `includeDeleted` is false.
    func values(object: Int, index: Int, includeDeleted: Bool) -> [SOQLValue]? {
        guard var values = liveValues(object: object, index: index, includeDeleted: includeDeleted) else { return nil }
        if let archive, archive.applies(to: object), archive.mark(&values, object: object), !includeDeleted { return nil }
        return values
    }

    private func liveValues(object: Int, index: Int, includeDeleted: Bool) -> [SOQLValue]? {
        if pristine[object] {
            guard index >= 0, index < tables[object].baseCount, index < tables[object].count else { return nil }
            var values = generator.record(object: object, index: index)
            catalog.formulas[object].apply(to: &values, now: now)
            return values
        }
        let table = tables[object]
        guard index >= 0, index < table.count, !table.purged.contains(index) else { return nil }
        if !includeDeleted, let at = table.deleted[index], at <= now { return nil }
        var values: [SOQLValue]
        if let version = table.versions[index] {
            if version.visibleFrom <= now {
                values = version.values
            } else if let previous = version.previous {
                values = previous
            } else if version.existedBefore, index < table.baseCount {
                values = generator.record(object: object, index: index)
            } else {
                return nil
            }
        } else if index < table.baseCount {
            values = generator.record(object: object, index: index)
        } else {
            return nil
        }
        catalog.formulas[object].apply(to: &values, now: now)
        return values
    }

    /// Whether `values(object:index:includeDeleted:)` would return a record, without generating it.
    func exists(object: Int, index: Int, includeDeleted: Bool) -> Bool {
        // Whether an activity is archived depends on its values, so they have to be made.
        if !includeDeleted, let archive, archive.applies(to: object) {
            return values(object: object, index: index, includeDeleted: false) != nil
        }
        let table = tables[object]
        guard index >= 0, index < table.count, !table.purged.contains(index) else { return false }
        if !includeDeleted, let at = table.deleted[index], at <= now { return false }
        guard let version = table.versions[index] else { return index < table.baseCount }
        return version.visibleFrom <= now || version.previous != nil || (version.existedBefore && index < table.baseCount)
    }

    func row(object: Int, index: Int, includeDeleted: Bool) -> OrgRow? {
        values(object: object, index: index, includeDeleted: includeDeleted).map {
            OrgRow(snapshot: self, object: object, index: index, values: $0)
        }
    }

    /// Resolves an id to its record (deleted records included, as lookups to them still resolve
    /// in queryAll); nil for ids of other orgs or records that do not exist.
    func row(id: String) -> OrgRow? {
        guard let (prefix, index) = SalesforceID.parse(id), let object = catalog.objectIndex(prefix: prefix) else { return nil }
        return row(object: object, index: index, includeDeleted: true)
    }

    /// Whether a record is soft-deleted and visible as such.
    func isDeleted(object: Int, index: Int) -> Bool {
        tables[object].deleted[index].map { $0 <= now } ?? false
    }
}

/// A record as the SOQL evaluator reads it.
struct OrgRow: SOQLRow {
    let snapshot: OrgSnapshot
    let object: Int
    let index: Int
    let values: [SOQLValue]

    var objectName: String { snapshot.catalog.schemas[object].name }

    func value(at index: Int) -> SOQLValue { index < values.count ? values[index] : .null }

    func parent(through index: Int) -> OrgRow? {
        guard case .string(let id) = value(at: index) else { return nil }
        return snapshot.row(id: id)
    }

    var id: String {
        if case .string(let id) = value(at: 0) { return id }
        return ""
    }
}
