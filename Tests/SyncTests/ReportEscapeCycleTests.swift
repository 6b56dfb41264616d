import Foundation
import Sync
import Testing
@testable import Warehouse
import WarehouseTestSupport

/// The escapes of the security review, run as report SQL on a PostgreSQL warehouse that keeps
/// its metadata in the same schema (as `serve --warehouse postgres://` does), past the text
/// check: none returns anything of Tributary's, and the next update cycle still succeeds.
@Suite(.enabled(if: Backend.postgresURL != nil, "needs TRIBUTARY_TEST_POSTGRES_URL")) struct ReportEscapeCycleTests {
    @Test func afterEveryEscapeTheNextUpdateCycleSucceeds() async throws {
        try await withHarness(.postgres, scale: 1, systemClock: true) { h in
            let (warehouse, service, record) = try await h.connectInPostgres(try testPostgresURL())
            var options = h.options { $0.objects = ["Account", "Lead"] }
            options.clock = { Date() }
            #expect(try await service.sync(record, options: options).status == .succeeded)

            let escapes = PostgresReportWallTestsEscapes.all + [
                // What made every later cycle fail on a pooled connection: a session setting.
                "SELECT set_config('default_transaction_read_only', 'on', false)",
                "SELECT set_config('search_path', 'pg_catalog', false)",
                // And what held the lease lock: a session advisory lock.
                "SELECT pg_advisory_lock(1953655138, hashtext(current_schema()))",
            ]
            for sql in escapes {
                let rows = (try? await warehouse.reportUnchecked(sql, limit: 100, timeout: .seconds(5)))?.rows ?? []
                let text = rows.flatMap { $0.compactMap { $0 } }.joined(separator: " ")
                #expect(!text.contains(h.user.email) && !text.contains(h.baseURL) && !text.contains("root:"), "\(sql) → \(rows)")
            }
            for _ in 0..<3 {
                let cycle = try await service.sync(record, options: options)
                #expect(cycle.status == .succeeded, "\(cycle.error ?? "")")
            }
            #expect(try await warehouse.metadata.connection(id: try #require(record.id))?.status == .connected)
            await warehouse.close()
        }
    }
}

/// The escapes the wall tests run, shared with this suite.
enum PostgresReportWallTestsEscapes {
    static let all = [
        #"SELECT name, username, instance_url FROM U&"tributary\005fconnections""#,
        "SELECT * FROM tributary_connections",
        "SELECT * FROM tributary_report_logins",
        "SELECT set_config('role', 'none', true), (SELECT count(*) FROM tributary_jobs)",
        "SELECT set_config('role', 'none', true), pg_read_file('/etc/passwd')",
        "SELECT pg_read_file('/etc/passwd')",
        "SELECT * FROM ts_stat('SELECT to_tsvector(username) FROM tributary_connections')",
        "SELECT query_to_xml('SELECT * FROM tributary_connections', true, false, '')",
        "SELECT name FROM tributary_connections) AS r) AS q ON true --",
    ]
}
