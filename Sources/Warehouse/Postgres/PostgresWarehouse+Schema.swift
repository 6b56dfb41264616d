import PostgresNIO
import Rows

extension PostgresWarehouse {
    public func ensureTable(_ spec: TableSpec) async throws -> SchemaChange {
        try PostgresSQL.validate(spec.name)
        for column in spec.columns { try PostgresSQL.validate(column.name) }
        guard spec.column(named: "id") != nil else { throw WarehouseError.missingIDColumn(spec.name) }
        return try await transaction { connection in
            // Two processes changing one table take turns; the lock ends with the transaction.
            try await PostgresLocks.take("table \(spec.name)", on: connection, logger: self.logger)
            return try await self.ensureTable(spec, connection)
        }
    }

    public func tableSpec(_ name: String) async throws -> TableSpec? {
        let columns = try await read { connection in try await self.catalog(name, connection) }
        return columns.isEmpty ? nil : TableSpec(name: name, columns: columns)
    }

    public func tableNames() async throws -> [String] {
        try await read { connection in
            let rows = try await connection.query(
                #"SELECT tablename::text FROM pg_tables WHERE schemaname = current_schema() AND tablename LIKE 'sf\_%' ORDER BY tablename COLLATE "C""#,
                logger: self.logger)
            var names: [String] = []
            for try await name in rows.decode(String.self) { names.append(name) }
            return names
        }
    }

    private func ensureTable(_ spec: TableSpec, _ connection: PostgresConnection) async throws -> SchemaChange {
        let physical = try await physicalColumns(spec.name, connection)
        guard !physical.isEmpty else {
            try await connection.query(PostgresQuery(unsafeSQL: PostgresSQL.createTable(spec.name, columns: spec.columns)), logger: logger)
            try await saveCatalog(spec.name, spec.columns, connection)
            return SchemaChange(created: true)
        }
        var columns = try await catalog(spec.name, connection)
        var change = SchemaChange()
        for wanted in spec.columns {
            if let index = columns.firstIndex(where: { $0.name == wanted.name }) {
                let old = columns[index]
                if old.type != wanted.type {
                    change.retypedColumns.append(wanted.name)
                    try await retype(spec.name, column: wanted, from: old.type, connection)
                }
                columns[index] = wanted
            } else {
                // A table made before the catalog knew it still has physical columns to respect.
                if !physical.contains(wanted.name) {
                    try await connection.query(
                        PostgresQuery(unsafeSQL: "ALTER TABLE \(PostgresSQL.quote(spec.name)) ADD COLUMN \(PostgresSQL.columnDefinition(wanted))"),
                        logger: logger)
                    change.addedColumns.append(wanted.name)
                }
                columns.append(wanted)
            }
        }
        try await saveCatalog(spec.name, columns, connection)
        return change
    }

    /// The table's columns in the current schema (none when there is no such table).
    private func physicalColumns(_ table: String, _ connection: PostgresConnection) async throws -> Set<String> {
        let rows = try await connection.query(
            """
            SELECT lower(column_name::text) FROM information_schema.columns
            WHERE table_schema = current_schema() AND table_name = \(table)
            """, logger: logger)
        var names = Set<String>()
        for try await name in rows.decode(String.self) { names.insert(name) }
        return names
    }

    func catalog(_ table: String, _ connection: PostgresConnection) async throws -> [ColumnSpec] {
        let rows = try await connection.query(
            """
            SELECT column_name, source_name, column_type, salesforce_type, is_formula
            FROM tributary_catalog WHERE table_name = \(table) ORDER BY position
            """, logger: logger)
        var columns: [ColumnSpec] = []
        for try await (name, source, type, salesforceType, isFormula) in rows.decode((String, String, String, String, Bool).self) {
            columns.append(ColumnSpec(
                name: name, sourceName: source, type: ColumnType(rawValue: type) ?? .text, salesforceType: salesforceType, isFormula: isFormula))
        }
        return columns
    }

    func saveCatalog(_ table: String, _ columns: [ColumnSpec], _ connection: PostgresConnection) async throws {
        try await connection.query("DELETE FROM tributary_catalog WHERE table_name = \(table)", logger: logger)
        try await connection.query(
            """
            INSERT INTO tributary_catalog (table_name, column_name, source_name, column_type, salesforce_type, is_formula, position)
            SELECT \(table), c.name, c.source, c.type, c.sf, c.formula, c.position - 1
            FROM unnest(\(columns.map(\.name)), \(columns.map(\.sourceName)), \(columns.map(\.type.rawValue)),
                        \(columns.map(\.salesforceType)), \(columns.map(\.isFormula))) WITH ORDINALITY AS c(name, source, type, sf, formula, position)
            """, logger: logger)
    }
}
