import Warehouse

/// Salesforce archives activities: events that ended and closed tasks due more than 365 days ago
/// get `IsArchived = true`, and from then on `query` and Bulk `query` leave them out; only
/// `queryAll` (REST or Bulk) returns them ("You cannot use query() as it automatically filters out
/// all records where isArchived is set to true", SOAP API guide, *queryAll()*). A copy through
/// `query` misses them, and id reconciliation through `query` deletes them from the warehouse.
///
/// The rule: an object whose describe has both `IsArchived` and `IsDeleted` is read through
/// `queryAll` with `IsDeleted = false` in every query (windows, full tables, refreshes and the
/// id reconciliation alike), so archived rows arrive and deleted ones never come as live rows
/// (deletes stay the deletes phase's, found by `IsDeleted = true`). The name list is not Task
/// and Event: any object with the field gets it, because `queryAll … IsDeleted = false` returns
/// exactly what `query` returns for an object whose `IsArchived` hides nothing (Product2 and
/// Pricebook2, where it is a plain flag an admin sets), so the rule costs those nothing and
/// keeps working for any object Salesforce archives later.
///
/// Archiving does not move `SystemModstamp` (not documented; the sandbox org keeps it), so a
/// window never sees a copied row become archived. Each cycle therefore compares the org's count
/// of archived rows (`queryAll`) with the warehouse's, and when they differ reads the archived
/// rows' `Id, IsArchived` and writes the column over the warehouse's: one count per cycle, and
/// one narrow read when the archiving job has run.
enum ArchivedRows {
    static let field = "IsArchived"
    static let column = "isarchived"

    /// Whether the object's reads go through `queryAll` with `IsDeleted = false`.
    static func applies(fields: Set<String>) -> Bool { fields.contains(field) && fields.contains("IsDeleted") }

    /// The condition every read of such an object carries.
    static let liveRows = "IsDeleted = false"

    /// `queryAll SELECT COUNT() FROM X WHERE IsArchived = true AND IsDeleted = false`.
    static func countSOQL(_ object: String) -> String {
        SOQLBuilder.count(from: object, where: ["\(field) = true", liveRows])
    }

    /// The archived rows' ids and flag, to write over the warehouse's column.
    static func refreshQuery(_ object: String, idField: String) -> QueryRead.Query {
        let fields = [idField, field]
        let conditions = ["\(field) = true", liveRows]
        return QueryRead.Query(soql: SOQLBuilder.select(fields, from: object, where: conditions),
                               fields: fields, includeDeleted: true)
    }

    /// Rows became archived (or archived ones went away) since the warehouse's column was written.
    static func refreshNeeded(orgArchived: Int, warehouseArchived: Int) -> Bool { orgArchived != warehouseArchived }

    /// The warehouse's archived rows: `flag` read as text (SQLite keeps `1`, PostgreSQL `true`,
    /// a column retyped to text `true`). A count with a condition rather than `GROUP BY` the
    /// flag: SQLite orders every row of the table for a `GROUP BY` on a column without an
    /// index, and sorts in memory (`temp_store = MEMORY`), which took 200 MB for 2.9 million
    /// Tasks at the end of every Task copy.
    static func warehouseCountSQL(table: String, flag: String) -> String {
        "SELECT COUNT(*) FROM \"\(table)\" WHERE LOWER(CAST(\"\(flag)\" AS TEXT)) IN ('1', 'true', 't')"
    }

    /// The count from `warehouseCountSQL`'s answer.
    static func archivedCount(_ answer: [[String?]]) -> Int {
        answer.first?.first.flatMap { $0 }.flatMap { Int($0) } ?? 0
    }
}

extension TablePlan {
    /// Read through `queryAll` with `IsDeleted = false` (see `ArchivedRows`). Known from the
    /// columns, which always hold `IsArchived` when the object has it, so a plan in a job made
    /// before this rule decodes and behaves the same.
    var readsArchived: Bool { hasIsDeleted && columns.contains { $0.sourceName == ArchivedRows.field } }

    /// A read of `fields` of the rows matching `conditions`: every live row, archived included.
    func rowsQuery(_ fields: [String], where conditions: [String] = []) -> QueryRead.Query {
        let all = readsArchived ? [ArchivedRows.liveRows] + conditions : conditions
        return QueryRead.Query(soql: SOQLBuilder.select(fields, from: object, where: all), fields: fields, includeDeleted: readsArchived)
    }
}
