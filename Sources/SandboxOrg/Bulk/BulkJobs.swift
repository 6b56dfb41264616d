import SOQL
import Synchronization

/// A Bulk API 2.0 query job. It reads the snapshot taken when it was created; its results are
/// produced page by page from the matching indices, never held as CSV.
struct BulkJob: Sendable {
    enum State: String, Sendable { case uploadComplete = "UploadComplete", inProgress = "InProgress", jobComplete = "JobComplete", failed = "Failed", aborted = "Aborted" }

    var id: String
    var operation: String
    var object: String
    var objectIndex: Int
    var soql: String
    var createdBy: Int
    var created: Int64
    var modified: Int64
    var state: State
    var apiVersion: String
    var delimiter: UInt8
    var delimiterName: String
    var lineEnding: String
    var snapshot: OrgSnapshot
    var bound: BoundQuery
    var result: QueryResult?
    var polls = 0
    var errorMessage: String?
    /// Salesforce's internal retries of the job (15 when it gave up on them).
    var retries = 0

    var isTerminal: Bool { state == .jobComplete || state == .failed || state == .aborted }

    func json(detail: Bool) -> JSON {
        var pairs: [(String, JSON)] = [
            ("id", .string(id)), ("operation", .string(operation)), ("object", .string(object)),
            ("createdById", .string(SalesforceID.make(prefix: "005", index: createdBy))),
            ("createdDate", ValueWriter.json(.dateTime(created))), ("systemModstamp", ValueWriter.json(.dateTime(modified))),
            ("state", .string(state.rawValue)), ("concurrencyMode", "Parallel"), ("contentType", "CSV"),
            ("apiVersion", .double(Double(apiVersion) ?? 62)),
        ]
        if detail { pairs.append(("jobType", "V2Query")) }
        pairs += [("lineEnding", .string(lineEnding)), ("columnDelimiter", .string(delimiterName))]
        if detail {
            pairs += [
                ("numberRecordsProcessed", .int(Int64(result?.indices.count ?? 0))), ("retries", .int(Int64(retries))),
                ("totalProcessingTime", .int(state == .jobComplete || state == .failed ? max(1, modified - created) : 0)),
                ("isPkChunkingSupported", .bool(!(bound.hasOrderBy || bound.limit != nil))),
            ]
            if let errorMessage { pairs.append(("errorMessage", .string(errorMessage))) }
        }
        return .object(pairs)
    }
}

/// All Bulk 2.0 query jobs of the org.
final class BulkJobs: Sendable {
    private let state = Mutex<(jobs: [String: BulkJob], order: [String], next: Int)>(([:], [], 1))
    let capacity = 1_000

    var createdCount: Int { state.withLock { $0.next - 1 } }

    func add(_ make: (String) -> BulkJob) -> BulkJob {
        state.withLock { s in
            let job = make(SalesforceID.make(prefix: "750", index: s.next))
            s.next += 1
            s.jobs[job.id] = job
            s.order.append(job.id)
            // Keep memory bounded: forget the oldest finished jobs beyond the cap.
            while s.order.count > capacity, let victim = s.order.first(where: { s.jobs[$0]?.isTerminal ?? true }) {
                s.jobs.removeValue(forKey: victim)
                s.order.removeAll { $0 == victim }
            }
            return job
        }
    }

    func get(_ id: String) -> BulkJob? { state.withLock { $0.jobs[id] } }

    func update(_ id: String, _ change: (inout BulkJob) throws(SalesforceFault) -> Void) throws(SalesforceFault) -> BulkJob {
        try state.withLock { (s: inout (jobs: [String: BulkJob], order: [String], next: Int)) throws(SalesforceFault) -> BulkJob in
            guard var job = s.jobs[id] else { throw SalesforceFault.notFound }
            try change(&job)
            s.jobs[id] = job
            return job
        }
    }

    func remove(_ id: String) { state.withLock { s in
        s.jobs.removeValue(forKey: id)
        s.order.removeAll { $0 == id }
    } }

    var all: [BulkJob] { state.withLock { s in s.order.compactMap { s.jobs[$0] } } }
}
