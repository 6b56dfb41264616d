import NIOCore
import PostgresNIO
import Rows

extension PostgresWarehouse {
    /// COPY into a staging table, one merge, the rejects and the checkpoint: one transaction.
    public func upsert(_ batch: RowBatch, columns: [ColumnSpec], into table: String, checkpoint: Checkpoint?) async throws -> LoadCounts {
        let (payload, rejects, rows, repeats) = try Self.encode(batch, columns: columns, table: table)
        return try await transaction { connection in
            var counts = LoadCounts()
            if rows > 0 {
                try await self.stage(payload, columns: columns, connection)
                let merged = try await connection.query(PostgresQuery(unsafeSQL: PostgresSQL.merge(into: table, columns: columns)), logger: self.logger)
                for try await (inserted, updated) in merged.decode((Int64, Int64).self) {
                    // A repeated id counts as an update of its earlier row, as loading row by row would.
                    counts = LoadCounts(inserted: Int(inserted), updated: Int(updated) + repeats)
                }
                try await self.replaceRejects(table, columns: columns, with: rejects, connection)
            }
            if let checkpoint { try await Self.saveCheckpoint(checkpoint, connection, logger: self.logger) }
            return counts
        }
    }

    public func updateColumns(_ batch: RowBatch, columns: [ColumnSpec], in table: String, checkpoint: Checkpoint?) async throws -> Int {
        let (payload, rejects, rows, _) = try Self.encode(batch, columns: columns, table: table)
        return try await transaction { connection in
            var updated = 0
            if rows > 0 {
                try await self.stage(payload, columns: columns, connection)
                let result = try await connection.query(
                    PostgresQuery(unsafeSQL: PostgresSQL.updateFromStaging(table, columns: columns)), logger: self.logger)
                for try await count in result.decode(Int64.self) { updated = Int(count) }
                try await self.replaceRejects(table, columns: columns, with: rejects, connection)
            }
            if let checkpoint { try await Self.saveCheckpoint(checkpoint, connection, logger: self.logger) }
            return updated
        }
    }

    public func delete(ids: [String], from table: String, checkpoint: Checkpoint?) async throws -> Int {
        try PostgresSQL.validate(table)
        return try await transaction { connection in
            var deleted = 0
            if !ids.isEmpty {
                var binds = PostgresBindings()
                binds.append(ids)
                let result = try await connection.query(PostgresQuery(
                    unsafeSQL: "WITH d AS (DELETE FROM \(PostgresSQL.quote(table)) WHERE \"id\" = ANY($1) RETURNING 1) SELECT count(*) FROM d",
                    binds: binds), logger: self.logger)
                for try await count in result.decode(Int64.self) { deleted = Int(count) }
                try await connection.query(
                    "DELETE FROM tributary_rejects WHERE table_name = \(table) AND row_id = ANY(\(ids))", logger: self.logger)
            }
            if let checkpoint { try await Self.saveCheckpoint(checkpoint, connection, logger: self.logger) }
            return deleted
        }
    }

    /// Creates the staging table and streams the COPY payload into it.
    func stage(_ payload: ByteBuffer, columns: [ColumnSpec], _ connection: PostgresConnection) async throws {
        try await connection.query(PostgresQuery(unsafeSQL: PostgresSQL.createStaging(columns)), logger: logger)
        try await connection.copyFrom(table: PostgresSQL.stagingTable, columns: columns.map(\.name), logger: logger) { writer in
            var rest = payload
            // Pieces of 1 MiB: the server gets going while the rest is still being sent.
            while rest.readableBytes > 0, let piece = rest.readSlice(length: min(rest.readableBytes, 1 << 20)) {
                try await writer.write(piece)
            }
        }
    }

    /// The staged rows' old rejects for these columns go; the batch's new ones are kept.
    func replaceRejects(_ table: String, columns: [ColumnSpec], with rejects: [RejectedValue], _ connection: PostgresConnection) async throws {
        let names = columns.map(\.name).filter { $0 != "id" }
        try await connection.query(
            """
            DELETE FROM tributary_rejects WHERE table_name = \(table) AND column_name = ANY(\(names))
            AND row_id IN (SELECT "id" FROM _tributary_stage)
            """, logger: logger)
        guard !rejects.isEmpty else { return }
        try await connection.query(
            """
            INSERT INTO tributary_rejects (table_name, row_id, column_name, value, rejected_at)
            SELECT \(table), r.id, r.col, r.val, now() FROM unnest(\(rejects.map(\.id)), \(rejects.map(\.column)), \(rejects.map(\.value))) AS r(id, col, val)
            """, logger: logger)
    }

    /// The batch as a COPY payload (the last row of each id), before any transaction starts:
    /// the rejected values, how many rows the payload has and how many repeats were left out.
    private static func encode(
        _ batch: RowBatch, columns: [ColumnSpec], table: String
    ) throws -> (payload: ByteBuffer, rejects: [RejectedValue], rows: Int, repeats: Int) {
        let idIndex = try validateLoad(batch, columns: columns, table: table)
        let (rows, repeats) = try lastRowPerID(batch, idIndex: idIndex, table: table)
        var copy = PostgresCopyText(capacity: batch.byteCount + batch.rowCount * columns.count * 2)
        copy.append(batch, columns: columns, rows: rows, idIndex: idIndex)
        return (copy.buffer, copy.rejects, rows.count, repeats)
    }

    /// Returns the index of the `id` column after checking the batch fits the column list.
    private static func validateLoad(_ batch: RowBatch, columns: [ColumnSpec], table: String) throws -> Int {
        try LoadChecks.idIndex(batch, columns: columns, table: table, validate: PostgresSQL.validate)
    }

    /// The rows to write, in batch order: the last one of each id, since one merge statement
    /// cannot touch a row twice. Also how many rows were left out for a later repeat of their id.
    /// - Throws: `WarehouseError.nullID` before anything is written.
    private static func lastRowPerID(_ batch: RowBatch, idIndex: Int, table: String) throws -> (rows: [Int], repeats: Int) {
        var last: [String: Int] = [:]
        last.reserveCapacity(batch.rowCount)
        for row in 0..<batch.rowCount {
            guard let id = batch.string(row: row, column: idIndex) else { throw WarehouseError.nullID(table: table, row: row) }
            last[id] = row
        }
        guard last.count < batch.rowCount else { return (Array(0..<batch.rowCount), 0) }
        return (last.values.sorted(), batch.rowCount - last.count)
    }
}
