import Warehouse

/// Names of synced records for pickers and labels (owners, campaigns), read from the warehouse;
/// empty while the table or its Name column is not synced.
struct RecordNames: Sendable {
    let warehouse: any Warehouse

    /// Salesforce user ids and names, when the User object is synced.
    func owners() async throws -> [(id: String, name: String)] { try await idsAndNames("sf_user") }

    /// Every record's id and Name in a synced table, by name.
    func idsAndNames(_ table: String) async throws -> [(id: String, name: String)] {
        guard try await warehouse.tableSpec(table)?.column(named: "name") != nil else { return [] }
        return try await warehouse.query("SELECT id, name FROM \(table) ORDER BY name").compactMap { row in
            row[0].map { ($0, row[1] ?? $0) }
        }
    }

    /// Distinct non-null values of a column, when the table has it.
    func distinct(_ table: String, _ column: String) async throws -> [String] {
        guard try await warehouse.tableSpec(table)?.column(named: column) != nil else { return [] }
        return try await warehouse.query("SELECT DISTINCT \(column) FROM \(table) WHERE \(column) IS NOT NULL ORDER BY 1").compactMap { $0[0] }
    }
}
