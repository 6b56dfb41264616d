/// The SQLite spelling of warehouse statements; the only place that knows SQLite's dialect
/// for `sf_` tables.
enum SQLiteSQL {
    static let syncedAtColumn = "_synced_at"

    /// Salesforce names are letters, digits and underscores; anything else is refused rather
    /// than escaped, so a name can never change a statement's meaning.
    static func validate(_ name: String) throws {
        let ok = !name.isEmpty && name.utf8.count <= 128 && name.utf8.allSatisfy { byte in
            (byte >= UInt8(ascii: "a") && byte <= UInt8(ascii: "z")) || (byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z"))
                || (byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9")) || byte == UInt8(ascii: "_")
        }
        guard ok else { throw WarehouseError.invalidIdentifier(name) }
    }

    static func quote(_ name: String) -> String { "\"\(name)\"" }

    /// The declared type sets the column's affinity, which converts numeric text on its own and
    /// keeps anything unconvertible as text: the property `ensureTable` migrations rely on.
    static func declaredType(_ type: ColumnType) -> String {
        switch type {
        case .integer, .boolean: "INTEGER"
        case .real: "REAL"
        case .text, .date, .datetime, .time: "TEXT"
        }
    }

    static func columnDefinition(_ column: ColumnSpec) -> String {
        column.name == "id" ? "\"id\" TEXT NOT NULL PRIMARY KEY" : "\(quote(column.name)) \(declaredType(column.type))"
    }

    static func createTable(_ name: String, columns: [ColumnSpec]) -> String {
        let definitions = columns.map(columnDefinition) + ["\(quote(syncedAtColumn)) TEXT"]
        return "CREATE TABLE \(quote(name)) (\(definitions.joined(separator: ", ")))"
    }

    /// One statement per (table, column list); `_synced_at` is the last parameter.
    static func upsert(_ table: String, columns: [ColumnSpec]) -> String {
        let names = columns.map { quote($0.name) } + [quote(syncedAtColumn)]
        let placeholders = Array(repeating: "?", count: names.count).joined(separator: ",")
        let updates = names.filter { $0 != "\"id\"" }.map { "\($0)=excluded.\($0)" }.joined(separator: ",")
        return "INSERT INTO \(quote(table)) (\(names.joined(separator: ","))) VALUES (\(placeholders)) "
            + "ON CONFLICT(\"id\") DO UPDATE SET \(updates)"
    }

    /// Parameters follow the column list (without `id`), then `_synced_at`, then `id`.
    static func updateColumns(_ table: String, columns: [ColumnSpec]) -> String {
        let sets = (columns.filter { $0.name != "id" }.map(\.name) + [syncedAtColumn]).map { "\(quote($0))=?" }
        return "UPDATE \(quote(table)) SET \(sets.joined(separator: ",")) WHERE \"id\"=?"
    }

    /// The expression that moves a value from `old` to `new` type during a table rebuild.
    /// Affinity does numbers; booleans need spelling out so `true` becomes 1 and back.
    static func conversion(_ column: String, from old: ColumnType, to new: ColumnType) -> String {
        let c = quote(column)
        switch (old, new) {
        case (.boolean, .text):
            return "CASE WHEN typeof(\(c))='integer' AND \(c)=1 THEN 'true' WHEN typeof(\(c))='integer' AND \(c)=0 THEN 'false' ELSE \(c) END"
        case (_, .boolean) where old != .boolean:
            return "CASE WHEN typeof(\(c))='text' AND lower(\(c))='true' THEN 1 WHEN typeof(\(c))='text' AND lower(\(c))='false' THEN 0 ELSE \(c) END"
        default:
            return c
        }
    }

    /// Whether a change of logical type needs the stored values rewritten.
    static func needsRebuild(from old: ColumnType, to new: ColumnType) -> Bool {
        declaredType(old) != declaredType(new) || conversion("x", from: old, to: new) != quote("x")
    }
}
