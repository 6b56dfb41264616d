import SalesforceKit
import Synchronization

/// The connection's share of the org's daily API calls. Checked before every call, so a cycle
/// stops cleanly (keeping what it loaded) instead of letting Salesforce refuse the org's other
/// integrations.
final class APIBudget: Sendable {
    let share: Double
    /// Calls this connection made in the 24 hours before the cycle started.
    let usedBefore: Int
    /// The client's call count when the cycle started.
    let baseline: Int
    /// Calls granted this cycle: tables ask at once, so a grant is taken under the lock.
    private let granted = Mutex(0)

    init(share: Double, usedBefore: Int, client: any SalesforceAPI) {
        self.share = share
        self.usedBefore = usedBefore
        baseline = client.callCount
    }

    /// Calls used in the last 24 hours (this cycle's included) and the share's allowance.
    func usage(_ client: any SalesforceAPI) -> (used: Int, allowed: Int?) {
        let made = max(granted.withLock { $0 }, client.callCount - baseline)
        return (usedBefore + made, client.apiUsage.flatMap { $0.max > 0 ? Int((Double($0.max) * share).rounded(.down)) : nil })
    }

    /// Grants one call, or stops the cycle when it would pass the share or the org's limit.
    func check(_ client: any SalesforceAPI) throws(SyncStop) {
        guard let usage = client.apiUsage, usage.max > 0 else { return }
        let allowed = Int((Double(usage.max) * share).rounded(.down))
        let made = client.callCount - baseline
        let ok = granted.withLock { granted -> Bool in
            let spent = max(granted, made)
            guard usedBefore + spent + 1 <= allowed else { return false }
            granted = spent + 1
            return true
        }
        if !ok { throw .quota("the connection's share of the org's daily API calls (\(allowed) of \(usage.max)) is used up") }
        if usage.used + 1 > usage.max {
            throw .quota("the org has used all of its daily API calls (\(usage.used) of \(usage.max))")
        }
    }
}

/// Reasons a whole cycle stops early and cleanly.
enum SyncStop: Error, Sendable, Codable {
    case quota(String)
    case reauthentication(String)

    var message: String {
        switch self {
        case .quota(let m): "API budget: \(m); the cycle resumes from here next time"
        case .reauthentication(let m): "Reauthentication required: \(m)"
        }
    }
}
