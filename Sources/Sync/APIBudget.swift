import SalesforceKit

/// The connection's share of the org's daily API calls. Checked before every call, so a cycle
/// stops cleanly (keeping what it loaded) instead of letting Salesforce refuse the org's other
/// integrations.
struct APIBudget: Sendable {
    let share: Double
    /// Calls this connection made in the 24 hours before the cycle started.
    let usedBefore: Int

    func check(_ client: SalesforceClient) throws(SyncStop) {
        guard let usage = client.apiUsage, usage.max > 0 else { return }
        let allowed = Int((Double(usage.max) * share).rounded(.down))
        if usedBefore + client.callCount + 1 > allowed {
            throw .quota("the connection's share of the org's daily API calls (\(allowed) of \(usage.max)) is used up")
        }
        if usage.used + 1 > usage.max {
            throw .quota("the org has used all of its daily API calls (\(usage.used) of \(usage.max))")
        }
    }
}

/// Reasons a whole cycle stops early and cleanly.
enum SyncStop: Error, Sendable {
    case quota(String)
    case reauthentication(String)

    var message: String {
        switch self {
        case .quota(let m): "API budget: \(m); the cycle resumes from here next time"
        case .reauthentication(let m): "Reauthentication required: \(m)"
        }
    }
}
