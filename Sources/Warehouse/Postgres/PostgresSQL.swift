/// The PostgreSQL spelling of warehouse statements; the only place that knows PostgreSQL's
/// dialect for `sf_` tables.
enum PostgresSQL {
    static let syncedAtColumn = "_synced_at"
    /// The staging table a load copies into; temporary and dropped at commit, so two loads on two
    /// connections never see each other's.
    static let stagingTable = "_tributary_stage"

    /// The SQLite rules (letters, digits, underscores), plus PostgreSQL's limit: longer names are
    /// silently truncated to 63 bytes, so two long names could become one table.
    static func validate(_ name: String) throws {
        try SQLiteSQL.validate(name)
        guard name.utf8.count <= 63 else { throw WarehouseError.invalidIdentifier(name) }
    }

    static func quote(_ name: String) -> String { "\"\(name)\"" }

    /// Native types. `time` stays text: Salesforce writes `13:30:00.000Z`, and PostgreSQL's
    /// `time` would drop the zone and change how the value reads back.
    static func declaredType(_ type: ColumnType) -> String {
        switch type {
        case .text, .time: "text"
        case .integer: "bigint"
        // numeric, not double precision: currency and percent values stay exact.
        case .real: "numeric"
        case .boolean: "boolean"
        case .date: "date"
        case .datetime: "timestamptz"
        }
    }

    static func columnDefinition(_ column: ColumnSpec) -> String {
        column.name == "id" ? "\"id\" text NOT NULL PRIMARY KEY" : "\(quote(column.name)) \(declaredType(column.type))"
    }

    static func createTable(_ name: String, columns: [ColumnSpec]) -> String {
        let definitions = columns.map(columnDefinition) + ["\(quote(syncedAtColumn)) timestamptz"]
        return "CREATE TABLE \(quote(name)) (\(definitions.joined(separator: ", ")))"
    }

    /// The staging table for a load of `columns` (with their native types, so the merge copies
    /// values without casts).
    static func createStaging(_ columns: [ColumnSpec]) -> String {
        let definitions = columns.map { "\(quote($0.name)) \($0.name == "id" ? "text" : declaredType($0.type))" }
        return "CREATE TEMP TABLE \(quote(stagingTable)) (\(definitions.joined(separator: ", "))) ON COMMIT DROP"
    }

    /// One merge per batch. `xmax = 0` holds for rows this statement inserted and not for rows it
    /// updated, which gives exact counts without a second look at the table.
    static func merge(into table: String, columns: [ColumnSpec]) -> String {
        let names = columns.map { quote($0.name) }
        let updates = (names.filter { $0 != "\"id\"" } + [quote(syncedAtColumn)]).map { "\($0) = EXCLUDED.\($0)" }
        return """
            WITH merged AS (
                INSERT INTO \(quote(table)) (\(names.joined(separator: ", ")), \(quote(syncedAtColumn)))
                SELECT \(names.joined(separator: ", ")), now() FROM \(quote(stagingTable))
                ON CONFLICT ("id") DO UPDATE SET \(updates.joined(separator: ", "))
                RETURNING (xmax = 0) AS inserted
            )
            SELECT count(*) FILTER (WHERE inserted), count(*) FILTER (WHERE NOT inserted) FROM merged
            """
    }

    /// Sets the staged columns of rows that exist; returns how many were updated.
    static func updateFromStaging(_ table: String, columns: [ColumnSpec]) -> String {
        let sets = columns.filter { $0.name != "id" }.map { "\(quote($0.name)) = s.\(quote($0.name))" }
            + ["\(quote(syncedAtColumn)) = now()"]
        return """
            WITH updated AS (
                UPDATE \(quote(table)) t SET \(sets.joined(separator: ", "))
                FROM \(quote(stagingTable)) s WHERE t."id" = s."id" RETURNING 1
            )
            SELECT count(*) FROM updated
            """
    }

    /// The column's value as Salesforce-style text, for moving it through a type change:
    /// booleans as words, datetimes in the warehouse's one UTC form.
    static func textOf(_ column: String, type: ColumnType) -> String {
        let c = quote(column)
        switch type {
        case .text, .time: return c
        case .integer, .real: return "\(c)::text"
        case .boolean: return "CASE WHEN \(c) THEN 'true' ELSE 'false' END"
        case .date: return "to_char(\(c), 'YYYY-MM-DD')"
        case .datetime: return "to_char(\(c) AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.MS\"Z\"')"
        }
    }
}
