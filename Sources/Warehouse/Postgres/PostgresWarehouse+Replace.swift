import PostgresNIO
import Rows

extension PostgresWarehouse {
    /// Drop, create, catalog and COPY in one transaction: readers see the old rows or the new.
    public func replaceTable(_ name: String, columns: [ColumnSpec], rows: RowBatch) async throws {
        let key = try LoadChecks.derivedKey(name, columns: columns, rows: rows, validate: PostgresSQL.validate)
        // Derived values come from Tributary itself and always convert; a reject would be a bug,
        // so one fails the replacement rather than leaving a NULL behind.
        var copy = PostgresCopyText(capacity: rows.byteCount + rows.rowCount * columns.count * 2)
        copy.append(rows, columns: columns, rows: 0..<rows.rowCount, idIndex: 0)
        if let reject = copy.rejects.first { throw WarehouseError.database("\(name).\(reject.column) cannot hold '\(reject.value)'") }
        let payload = copy.buffer
        try await transaction { connection in
            // Only a table this method made has a catalog entry without an sf_ name; anything else
            // (metadata, synced data) must never be dropped by a caller that picked the wrong name.
            let probe: PostgresQuery = "SELECT to_regclass(\(name))::text"
            var exists = false
            for try await found in try await connection.query(probe, logger: self.logger).decode(String?.self) { exists = found != nil }
            if exists, try await self.catalog(name, connection).isEmpty { throw WarehouseError.notDerivedTable(name) }
            try await connection.query(PostgresQuery(unsafeSQL: "DROP TABLE IF EXISTS \(PostgresSQL.quote(name))"), logger: self.logger)
            let definitions = columns.map { column in
                "\(PostgresSQL.quote(column.name)) \(PostgresSQL.declaredType(column.type))" + (column.name == key.name ? " NOT NULL PRIMARY KEY" : "")
            }
            try await connection.query(PostgresQuery(unsafeSQL: "CREATE TABLE \(PostgresSQL.quote(name)) (\(definitions.joined(separator: ", ")))"),
                                       logger: self.logger)
            try await self.saveCatalog(name, columns, connection)
            guard rows.rowCount > 0 else { return }
            try await connection.copyFrom(table: name, columns: columns.map(\.name), logger: self.logger) { writer in
                var rest = payload
                while rest.readableBytes > 0, let piece = rest.readSlice(length: min(rest.readableBytes, 1 << 20)) {
                    try await writer.write(piece)
                }
            }
        }
    }
}
