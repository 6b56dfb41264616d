import Foundation
import PostgresNIO

/// The work queue in the PostgreSQL warehouse's database, shared by every worker that uses it.
/// Leasing takes a row with `FOR UPDATE SKIP LOCKED`, so workers leasing at once never wait for
/// nor take the same job; expiries are the server's `now()`, so the workers' clocks do not matter.
struct PostgresWorkQueue: WorkQueue {
    let pool: PostgresPool
    private static let columns = "id, connection_id, cycle_id, table_name, plan, state, leased_by, lease_expires_at, attempts, result, error"

    func enqueue(connectionID: Int64, cycleID: Int64, table: String, plan: String) async throws -> Int64 {
        let rows = try await pool.rows("""
            INSERT INTO tributary_jobs (connection_id, cycle_id, table_name, plan, state, attempts)
            VALUES (\(connectionID), \(cycleID), \(table), \(plan), \(TableJob.State.queued.rawValue), 0) RETURNING id
            """)
        guard let id = try rows.first?.value("id", as: Int64.self) else { throw WarehouseError.database("no job id returned") }
        return id
    }

    func lease(worker: String, for duration: TimeInterval, cycleID: Int64?) async throws -> TableJob? {
        try await pool.rows(PostgresQuery(unsafeSQL: """
            UPDATE tributary_jobs SET state = 'leased', leased_by = $1, lease_expires_at = now() + make_interval(secs => $2),
                attempts = attempts + 1
            WHERE id = (
                SELECT id FROM tributary_jobs
                WHERE (state = 'queued' OR (state = 'leased' AND lease_expires_at < now())) AND ($3::bigint IS NULL OR cycle_id = $3)
                ORDER BY id LIMIT 1 FOR UPDATE SKIP LOCKED)
            RETURNING \(Self.columns)
            """, binds: leaseBinds(worker, duration, cycleID))).first.map(TableJob.init(postgres:))
    }

    func renew(jobID: Int64, worker: String, for duration: TimeInterval) async throws -> Bool {
        try await !pool.rows("""
            UPDATE tributary_jobs SET lease_expires_at = now() + make_interval(secs => \(duration))
            WHERE id = \(jobID) AND state = 'leased' AND leased_by = \(worker) RETURNING id
            """).isEmpty
    }

    func complete(jobID: Int64, worker: String, result: String) async throws -> Bool {
        try await !pool.rows("""
            UPDATE tributary_jobs SET state = 'done', result = \(result)
            WHERE id = \(jobID) AND state = 'leased' AND leased_by = \(worker) RETURNING id
            """).isEmpty
    }

    func fail(jobID: Int64, worker: String, error: String, result: String?) async throws -> Bool {
        try await !pool.rows("""
            UPDATE tributary_jobs SET state = 'failed', error = \(error), result = \(result)
            WHERE id = \(jobID) AND state = 'leased' AND leased_by = \(worker) RETURNING id
            """).isEmpty
    }

    func cancelQueued(cycleID: Int64, reason: String) async throws {
        _ = try await pool.rows("UPDATE tributary_jobs SET state = 'failed', error = \(reason) WHERE cycle_id = \(cycleID) AND state = 'queued'")
    }

    func jobs(cycleID: Int64) async throws -> [TableJob] {
        try await pool.rows(PostgresQuery(unsafeSQL: "SELECT \(Self.columns) FROM tributary_jobs WHERE cycle_id = $1 ORDER BY id", binds: binds(cycleID)))
            .map(TableJob.init(postgres:))
    }

    private func leaseBinds(_ worker: String, _ duration: TimeInterval, _ cycleID: Int64?) -> PostgresBindings {
        var binds = PostgresBindings()
        binds.append(worker)
        binds.append(duration)
        if let cycleID { binds.append(cycleID) } else { binds.appendNull() }
        return binds
    }

    private func binds(_ values: any PostgresNonThrowingEncodable...) -> PostgresBindings {
        var binds = PostgresBindings()
        for value in values { binds.append(value) }
        return binds
    }
}

extension TableJob {
    init(postgres row: PostgresRandomAccessRow) throws {
        self.init(
            id: try row.value("id"), connectionID: try row.value("connection_id"), cycleID: try row.value("cycle_id"),
            table: try row.value("table_name"), plan: try row.value("plan"), state: try row.enumValue("state"),
            leasedBy: try row.value("leased_by"), leaseExpiresAt: try row.value("lease_expires_at"), attempts: try row.value("attempts"),
            result: try row.value("result"), error: try row.value("error"))
    }
}
