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

    /// Takes the oldest free job whose table no other live lease holds: two cycles (a resumed
    /// one and the workers still on an interrupted one, or a table's *Sync Data Immediately*)
    /// never load one table at once; the later job waits in the queue.
    func lease(worker: String, for duration: TimeInterval, cycleID: Int64?) async throws -> TableJob? {
        try await pool.transaction { connection in
            // Leases are taken one at a time (a lock held to the commit), so the check below
            // sees every lease committed before it; the statements are short. Times are the
            // statement's, not the transaction's, which began before the wait for the lock.
            // The lock is a row of this schema's `tributary_locks`: two deployments in one database
            // do not wait for each other, and no report can hold it.
            try await PostgresLocks.take("lease", on: connection, logger: pool.logger)
            let rows = try await connection.query(PostgresQuery(unsafeSQL: """
                UPDATE tributary_jobs SET state = 'leased', leased_by = $1, lease_expires_at = statement_timestamp() + make_interval(secs => $2),
                    attempts = attempts + 1
                WHERE id = (
                    SELECT j.id FROM tributary_jobs j
                    WHERE (j.state = 'queued' OR (j.state = 'leased' AND j.lease_expires_at < statement_timestamp())) AND ($3::bigint IS NULL OR j.cycle_id = $3)
                    AND NOT EXISTS (SELECT 1 FROM tributary_jobs o WHERE o.state = 'leased' AND o.lease_expires_at >= statement_timestamp()
                        AND o.connection_id = j.connection_id AND o.table_name = j.table_name AND o.id <> j.id)
                    ORDER BY j.id LIMIT 1 FOR UPDATE SKIP LOCKED)
                RETURNING \(Self.columns)
                """, binds: leaseBinds(worker, duration, cycleID)), logger: pool.logger)
            var job: TableJob?
            for try await row in rows { job = try TableJob(postgres: row.makeRandomAccess()) }
            return job
        }
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
        _ = try await pool.rows("UPDATE tributary_jobs SET state = 'failed', error = \(reason) WHERE cycle_id = \(cycleID) AND (state = 'queued' OR (state = 'leased' AND lease_expires_at < now()))")
    }

    func jobs(cycleID: Int64) async throws -> [TableJob] {
        try await pool.rows(PostgresQuery(unsafeSQL: "SELECT \(Self.columns) FROM tributary_jobs WHERE cycle_id = $1 ORDER BY id", binds: binds(cycleID)))
            .map(TableJob.init(postgres:))
    }

    func heldTables(connectionID: Int64) async throws -> Set<String> {
        let rows = try await pool.rows(PostgresQuery(unsafeSQL: """
            SELECT DISTINCT table_name FROM tributary_jobs WHERE connection_id = $1 AND state = 'leased' AND lease_expires_at >= statement_timestamp()
            """, binds: binds(connectionID)))
        return Set(try rows.map { try $0.value("table_name", as: String.self) })
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
