import Foundation
import GRDB
import Testing
@testable import Warehouse

@testable import WebApp

/// A cycle that fails shows as failed with its reason, even when the metadata database refuses
/// to record the failure (as a pooled PostgreSQL connection left read-only by a report did).
@Suite struct FailedCycleVisibilityTests {
    @Test func aFailureTheMetadataCannotRecordStillShowsOnThePageAndInTheAPI() async throws {
        try await WebAppHarness.withApp(sandbox: true) { h, client in
            try await h.store.accounts.addUser(email: "ada@example.com", password: "correct horse 1", role: .admin)
            var browser = Browser()
            try await browser.signIn(client, email: "ada@example.com", password: "correct horse 1")
            let record = try await h.connect()
            let id = try #require(record.id)
            // The metadata refuses every write a cycle makes, as a read-only session would.
            let path = try #require(h.warehouse.reportLocation)
            let other = try DatabaseQueue(path: path)
            try await other.write { db in
                try db.execute(sql: """
                    CREATE TRIGGER refuse_cycles BEFORE INSERT ON tributary_cycles BEGIN SELECT RAISE(ABORT, 'cannot execute INSERT in a read-only transaction'); END;
                    CREATE TRIGGER refuse_status BEFORE UPDATE ON tributary_connections BEGIN SELECT RAISE(ABORT, 'cannot execute UPDATE in a read-only transaction'); END;
                    """)
            }
            #expect(h.app.runner.start(record))
            try await h.waitForCycles(id)
            #expect(try await h.warehouse.metadata.connection(id: id)?.status == .connected)  // what the database still says

            let (_, page, _) = try await browser.get(client, "/connections")
            #expect(page.contains("read-only transaction"), "the page hides the failure")
            #expect(!page.contains(">Connected<"))
            // /api/v1/connections answers with these summaries.
            let summary = try await h.app.runner.summary(try #require(try await h.warehouse.metadata.connection(id: id)))
            #expect(summary.status == "error" && summary.lastError?.contains("read-only transaction") == true, "\(summary)")

            // Once the database takes writes again, the next cycle records its own end.
            try await other.write { db in try db.execute(sql: "DROP TRIGGER refuse_cycles; DROP TRIGGER refuse_status") }
            try other.close()
            #expect(h.app.runner.start(record))
            try await h.waitForCycles(id)
            #expect(h.app.runner.shown(try #require(try await h.warehouse.metadata.connection(id: id))).status == .connected)
        }
    }
}
