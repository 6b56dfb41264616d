import SOQL

/// A query run against one snapshot: the rows it matched, in order, ready to be paged.
final class QueryResult: Sendable {
    let snapshot: OrgSnapshot
    let bound: BoundQuery
    let object: Int
    let includeDeleted: Bool
    /// Record indices of the matching rows, ORDER BY, OFFSET and LIMIT applied.
    let indices: [Int32]
    /// Rows matched before OFFSET/LIMIT (what `COUNT()` answers).
    let matched: Int

    init(snapshot: OrgSnapshot, bound: BoundQuery, object: Int, includeDeleted: Bool, indices: [Int32], matched: Int) {
        self.snapshot = snapshot
        self.bound = bound
        self.object = object
        self.includeDeleted = includeDeleted
        self.indices = indices
        self.matched = matched
    }

    func row(at position: Int) -> OrgRow? {
        snapshot.row(object: object, index: Int(indices[position]), includeDeleted: includeDeleted)
    }
}

/// Parses, binds and runs SOQL against the store.
enum QueryEngine {
    static func fault(_ error: SOQLError) -> SalesforceFault {
        SalesforceFault(status: 400, error.code, error.message)
    }

    /// Binds against the catalog as `access` sees it: hidden fields are unknown fields.
    static func bind(_ soql: String, snapshot: OrgSnapshot, access: UserAccess = .everything) throws(SalesforceFault) -> (BoundQuery, Int) {
        let bound: BoundQuery
        do {
            bound = try SOQLQuery.parse(soql).bind(to: RestrictedCatalog.view(snapshot.catalog, for: access), now: snapshot.now)
        } catch {
            throw fault(error)
        }
        guard let object = snapshot.catalog.objectIndex(name: bound.object.name) else {
            throw SalesforceFault(status: 400, "INVALID_TYPE", "sObject type '\(bound.object.name)' is not supported.")
        }
        return (bound, object)
    }

    /// Scans the object, keeps the matching rows, orders and cuts them.
    /// `visibility` keeps the rows the asking user may see (nil: all of them).
    static func run(_ bound: BoundQuery, object: Int, snapshot: OrgSnapshot, includeDeleted: Bool, timeoutAbove: Int?,
                    visibility: RecordVisibility? = nil) throws(SalesforceFault) -> QueryResult {
        let table = snapshot.tables[object]
        var indices: [Int32] = []
        var rows: [OrgRow] = []
        // Without WHERE or ORDER BY a row only has to exist: skip generating it during the scan.
        let readRows = bound.hasFilter || bound.hasOrderBy
        for index in 0..<table.count {
            if !readRows, let visibility {
                if let values = snapshot.values(object: object, index: index, includeDeleted: includeDeleted),
                   visibility.allows(index: index, { $0 < values.count ? values[$0] : .null }) {
                    indices.append(Int32(index))
                }
                if let limit = timeoutAbove, indices.count > limit { throw SalesforceFault.queryTimeout }
                continue
            }
            if !readRows {
                if snapshot.exists(object: object, index: index, includeDeleted: includeDeleted) { indices.append(Int32(index)) }
                if let limit = timeoutAbove, indices.count > limit { throw SalesforceFault.queryTimeout }
                continue
            }
            guard let row = snapshot.row(object: object, index: index, includeDeleted: includeDeleted), bound.matches(row),
                  visibility?.allows(index: index, row.value(at:)) ?? true else { continue }
            if bound.hasOrderBy { rows.append(row) } else { indices.append(Int32(index)) }
            if let limit = timeoutAbove, indices.count + rows.count > limit { throw SalesforceFault.queryTimeout }
        }
        if bound.hasOrderBy {
            rows.sort { bound.orderedBefore($0, $1) }
            indices = rows.map { Int32($0.index) }
        }
        let matched = indices.count
        let start = min(indices.count, bound.offset ?? 0)
        let end = bound.limit.map { min(indices.count, start + $0) } ?? indices.count
        if start > 0 || end < indices.count { indices = Array(indices[start..<end]) }
        return QueryResult(snapshot: snapshot, bound: bound, object: object, includeDeleted: includeDeleted, indices: indices, matched: matched)
    }
}

extension QueryResult {
    /// The aggregate values (`COUNT(Id)`, `MAX(...)`) over every matched row.
    func aggregates() -> [SOQLValue] {
        var accumulator = bound.makeAccumulator()
        var position = 0
        while position < indices.count {
            if let row = row(at: position) { accumulator.add(row) }
            position += 1
        }
        return accumulator.results
    }
}
