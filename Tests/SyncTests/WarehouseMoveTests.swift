import Foundation
import Sync
import Testing
import Warehouse
import WarehouseTestSupport

/// `tributary move`: a SQLite warehouse copied to PostgreSQL goes on incrementally there.
@Suite struct WarehouseMoveTests {
    static let objects = ["Account", "Lead", "Task", "CaseStatus"]

    @Test(.enabled(if: Backend.postgresURL != nil, "needs TRIBUTARY_TEST_POSTGRES_URL"))
    func aMovedWarehouseGoesOnIncrementallyInPostgres() async throws {
        try await withHarness(.sqlite) { h in
            // Given a SQLite warehouse with a synced connection and a changed table setting
            try await h.connect()
            let first = try await h.sync { $0.objects = Self.objects }
            #expect(first.status == .succeeded, "\(first.error ?? "")")
            let source = try #require(h.warehouse as? SQLiteWarehouse)
            let sourceID = try #require(try await source.metadata.connection(named: "sandbox")?.id)
            var task = try #require(try await source.metadata.tableSettings(connectionID: sourceID, table: "sf_task"))
            task.recheckFrequency = .weekly
            try await source.metadata.saveTableSettings(task)

            // When it moves to PostgreSQL, in batches smaller than a table
            let target = try await PostgresWarehouse.connect(try testPostgresURL(), metadata: nil)
            let report = try await WarehouseMove(from: source, to: target, batchRows: 700).run()
            #expect(report.connections.map(\.name) == ["sandbox"])
            #expect(report.connections.allSatisfy { $0.copied })

            // (a move run again before any cycle there, as after one that stopped halfway, changes nothing)
            let again = try await WarehouseMove(from: source, to: target).run()
            #expect(again.connections.allSatisfy { !$0.copied })
            #expect(again.tables.map(\.rows) == report.tables.map(\.rows))

            // Then the rows, the settings and the connection are there
            try await h.expectWarehouseEqualsOrg(Self.objects, in: target)
            let moved = try #require(try await target.metadata.connection(named: "sandbox"))
            let movedID = try #require(moved.id)
            #expect(try await target.metadata.tableSettings(connectionID: movedID, table: "sf_task")?.recheckFrequency == .weekly)
            #expect(try await target.metadata.tableSettings(connectionID: movedID).count == (try await source.metadata.tableSettings(connectionID: sourceID).count))
            for table in ["sf_account", "sf_lead"] {
                #expect(try await target.checkpoint(connectionID: movedID, table: table)?.highWaterMark
                        == (try await source.checkpoint(connectionID: sourceID, table: table)?.highWaterMark))
            }

            // And the next cycle there reads only what changed since (its secrets open with the same key)
            let service = ConnectionService(warehouse: target, secrets: try SecretBox.load(dataDirectory: h.directory, encodedKey: nil), http: h.http)
            let next = try await service.sync(moved, options: h.options { $0.objects = Self.objects })
            #expect(next.status == .succeeded, "\(next.error ?? "")")
            let copied = report.tables.reduce(0) { $0 + $1.rows }
            #expect(next.tables.allSatisfy { $0.inserted == 0 })
            #expect(next.tables.reduce(0) { $0 + $1.updated } < copied / 10, "the cycle after the move read everything again")

            // Once cycles have run there, moving again is refused: it would put older rows over newer ones
            await #expect(throws: WarehouseMove.Refused.self) { try await WarehouseMove(from: source, to: target).run() }
            try await h.expectWarehouseEqualsOrg(Self.objects, in: target)
            await target.close()
        }
    }
}
