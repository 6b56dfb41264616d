import Synchronization

/// Faults a test switches on at run time through `/_sandbox/faults`. Each is off by default and
/// wears off after `count` responses (0: until cleared), optionally only on paths containing a
/// given text.
public struct FaultSpec: Sendable, Equatable {
    public enum Kind: String, Sendable, CaseIterable {
        /// 500 `UNKNOWN_EXCEPTION`.
        case http500
        /// 503 `SERVER_UNAVAILABLE`.
        case http503
        /// Answers only after `delayMs`.
        case slow
        /// Never answers (until the client gives up or `delayMs`, default 10 minutes, passes).
        case hang
        /// 403 `REQUEST_LIMIT_EXCEEDED` once `afterCalls` more API calls have been made.
        case requestLimit
        /// JSON bodies cut short (invalid JSON).
        case malformedJSON
        /// Bulk CSV result pages cut off in the middle of a row.
        case truncatedCSV
        /// 400 `QUERY_TIMEOUT` for queries that match more than `maxRecords` rows; a Bulk job
        /// over more than `maxRecords` rows ends `Failed` instead.
        case queryTimeout
        /// 420 with Salesforce Edge's HTML page (no JSON), before any session check.
        case http420
        /// 406 with an HTML error page from the edge, before any session check.
        case http406
        /// 403 `REQUEST_LIMIT_EXCEEDED` "ConcurrentPerOrgLongTxn Limit exceeded." for the next
        /// `count` API calls: the org's concurrent long-running requests, which clear by themselves.
        case concurrentLimit
        /// A Bulk query job over more than `maxRecords` rows ends `Failed` ("Retried more than 15
        /// times…"); `pathContains` may also name the job's object.
        case bulkJobFailed
    }

    public var kind: Kind
    public var count: Int
    public var pathContains: String?
    public var delayMs: Int
    public var afterCalls: Int
    public var maxRecords: Int

    public init(kind: Kind, count: Int = 1, pathContains: String? = nil, delayMs: Int = 0, afterCalls: Int = 0, maxRecords: Int = 10_000) {
        self.kind = kind
        self.count = count
        self.pathContains = pathContains
        self.delayMs = delayMs
        self.afterCalls = afterCalls
        self.maxRecords = maxRecords
    }

    var json: JSON {
        .object([
            ("kind", .string(kind.rawValue)), ("count", .int(Int64(count))), ("pathContains", .optional(pathContains)),
            ("delayMs", .int(Int64(delayMs))), ("afterCalls", .int(Int64(afterCalls))), ("maxRecords", .int(Int64(maxRecords))),
        ])
    }
}

/// The active faults and the org-wide switches, consulted on every API call.
final class FaultInjector: Sendable {
    struct State {
        var faults: [FaultSpec] = []
        var apiDisabledForOrg = false
        var calls = 0
    }

    private let state: Mutex<State>

    init(apiDisabledForOrg: Bool) {
        state = Mutex(State(apiDisabledForOrg: apiDisabledForOrg))
    }

    var apiDisabledForOrg: Bool {
        get { state.withLock { $0.apiDisabledForOrg } }
    }

    func setAPIDisabledForOrg(_ disabled: Bool) { state.withLock { $0.apiDisabledForOrg = disabled } }

    func add(_ fault: FaultSpec) {
        state.withLock { s in
            var f = fault
            if f.kind == .requestLimit { f.afterCalls += s.calls }
            s.faults.append(f)
        }
    }

    func clear() { state.withLock { $0.faults.removeAll() } }

    var active: [FaultSpec] { state.withLock { $0.faults } }

    /// Takes (uses up one count of) the first active fault of `kind` that applies to `path`.
    func take(_ kind: FaultSpec.Kind, path: String) -> FaultSpec? {
        state.withLock { s in
            guard let i = s.faults.firstIndex(where: { $0.kind == kind && ($0.pathContains.map { path.contains($0) } ?? true) }) else {
                return nil
            }
            let fault = s.faults[i]
            if kind == .requestLimit {
                // The limit stays exceeded until cleared: Salesforce's window is 24 hours.
                return s.calls > fault.afterCalls ? fault : nil
            }
            if fault.count > 0 {
                s.faults[i].count -= 1
                if s.faults[i].count == 0 { s.faults.remove(at: i) }
            }
            return fault
        }
    }

    /// Peeks without using up (for the query-timeout threshold, which only counts when it fires).
    func peek(_ kind: FaultSpec.Kind, path: String) -> FaultSpec? {
        state.withLock { s in s.faults.first { $0.kind == kind && ($0.pathContains.map { path.contains($0) } ?? true) } }
    }

    /// Counts an API call; returns the new total.
    func countCall() -> Int {
        state.withLock { s in
            s.calls += 1
            return s.calls
        }
    }

    var calls: Int { state.withLock { $0.calls } }
}
