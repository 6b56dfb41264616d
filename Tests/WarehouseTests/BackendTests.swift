import Foundation
import Testing
import Warehouse
import WarehouseTestSupport

/// Says, in the test output, whether the PostgreSQL cases ran: skipped with this note when
/// `TRIBUTARY_TEST_POSTGRES_URL` is unset.
@Suite struct BackendTests {
    @Test(.disabled(if: Backend.postgresURL == nil, "TRIBUTARY_TEST_POSTGRES_URL is unset: every PostgreSQL case was left out"))
    func postgresTestServerAnswers() async throws {
        let warehouse = try await makePostgresWarehouse()
        #expect(try await warehouse.query("SELECT 1 + 1") == [["2"]])
        await warehouse.close()
    }

    @Test func unreachableServerIsAClearError() async throws {
        // Port 9 (discard) on loopback: nothing listens there.
        let url = try PostgresURL("postgres://nobody@127.0.0.1:9/none")
        let error = await #expect(throws: WarehouseError.unreachable("")) {
            try await PostgresWarehouse.connect(url, metadata: SQLiteWarehouse.inMemory().metadata)
        }
        #expect(error?.debugDescription.contains("127.0.0.1:9") == true)
    }
}
