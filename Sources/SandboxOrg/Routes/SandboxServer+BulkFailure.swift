/// How a Bulk query job ends when it runs: complete, or `Failed` as big jobs do on production
/// orgs (the query timed out on every one of Salesforce's internal retries).
extension SandboxServer {
    enum JobOutcome {
        case complete(QueryResult)
        case failed(message: String, retries: Int)
    }

    /// The message of a job Salesforce gave up on after its internal retries
    /// ("Understanding Bulk API 2.0 Query": apply a filter criteria and try again).
    static let retriedTooOftenMessage = "Retried more than 15 times. Apply a filter criteria and try again."
    /// A job whose query ran past the timeout, as airbyte#19947 reports for Task.
    static let queryTimeoutJobMessage = "QUERY_TIMEOUT: Your query request was running for too long."

    /// Runs a job's query. The `queryTimeout` and `bulkJobFailed` faults fail it when it covers
    /// more than their `maxRecords` rows; a fault is used up only when it fails a job, so smaller
    /// jobs (a split window) pass while it stays armed. `pathContains` matches the poll path or
    /// the job's object name, so a test can fail Task's jobs only.
    func runJob(_ job: BulkJob, path: String) throws(SalesforceFault) -> JobOutcome {
        let target = "\(path) \(job.object)"
        let includeDeleted = job.operation == "queryAll"
        let timeout = faults.peek(.queryTimeout, path: target)
        let result: QueryResult
        do {
            let visibility = RecordVisibility.of(
                object: job.objectIndex, catalog: job.snapshot.catalog, user: job.createdBy, access: access.access(of: job.createdBy))
            result = try QueryEngine.run(
                job.bound, object: job.objectIndex, snapshot: job.snapshot, includeDeleted: includeDeleted, timeoutAbove: timeout?.maxRecords,
                visibility: visibility)
        } catch {
            guard error == .queryTimeout else { throw error }
            _ = faults.take(.queryTimeout, path: target)
            return .failed(message: Self.queryTimeoutJobMessage, retries: 0)
        }
        if let failing = faults.peek(.bulkJobFailed, path: target), result.indices.count > failing.maxRecords,
            faults.take(.bulkJobFailed, path: target) != nil
        {
            return .failed(message: Self.retriedTooOftenMessage, retries: 15)
        }
        return .complete(result)
    }
}
