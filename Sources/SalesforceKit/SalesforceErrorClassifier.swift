import Foundation
import AsyncHTTPClient

/// What was being asked of Salesforce when a failure happened: the same answer means different
/// things to different requests (a 404 on a Bulk job means the job is gone; on a describe, that
/// the object is).
public enum SalesforceOperation: String, Sendable {
    case query, queryMore, count, describeGlobal, describe, createBulkJob, pollBulkJob, bulkResults, deleteBulkJob
    /// A composite request (`POST /composite`) as a whole; its subrequests are classified with
    /// their own operation (`CompositeSubrequest.operation`).
    case composite
    /// The token endpoint, the identity URL, revocation: no session to refresh.
    case signIn
    /// Anything else (limits, records, replication resources).
    case other
}

/// What to do about a failure. Every layer (the transport's retry loop, the Bulk stream, the
/// update cycle) asks `SalesforceErrorClassifier` and acts on this; none reads codes itself.
public enum SalesforceDecision: Sendable, Equatable {
    /// Transient: send the same request again after a backoff (a stream: read on from the last
    /// committed row).
    case retry
    /// The access token expired: renew it, then send the request again.
    case refreshSession
    /// The query's position is gone (an expired cursor, a deleted Bulk job): read the piece again
    /// from its start.
    case restartPiece
    /// The query is too heavy for Salesforce: halve its window.
    case splitWindow
    /// The object cannot go through Bulk API 2.0: read it through REST.
    case fallBackToREST
    /// The object cannot be read at all; the reason is for the person who reads the cycle.
    case skipObject(String)
    /// The whole cycle stops cleanly and resumes later.
    case stopCycle(CycleStop)
    /// The table (or the one call) fails; the cycle goes on.
    case fail

    public enum CycleStop: Sendable, Equatable {
        /// The org's daily API calls are used up.
        case quota
        /// A person must sign in again.
        case reauthentication
    }
}

/// The one place that turns Salesforce's answers (statuses, `errorCode`s, Bulk job states) and
/// transport failures into decisions. Sources: Salesforce's REST API Developer Guide (*Status
/// Codes and Error Responses*), Bulk API 2.0 Developer Guide (job states), and the connectors'
/// issue trackers noted in `docs/salesforce-api.md` and `/work/shared/production-orgs.md`.
public enum SalesforceErrorClassifier {
    public static func decide(_ error: SalesforceError, during operation: SalesforceOperation) -> SalesforceDecision {
        switch error.kind {
        case .transport:
            return error.errorCode == notRetried ? .fail : .retry
        case .malformedResponse:
            // A body cut or garbled on the way (a proxy, a dropped connection): read it again.
            return .retry
        case .reauthenticationRequired:
            return .stopCycle(.reauthentication)
        case .requestLimitExceeded:
            // Too many long-running requests at once clears in seconds; the daily quota does not.
            return error.message.localizedCaseInsensitiveContains("ConcurrentPerOrgLongTxn") ? .retry : .stopCycle(.quota)
        case .queryTimeout:
            return .splitWindow
        case .invalidQueryLocator:
            return .restartPiece
        case .bulkJobEnded:
            // "Retried more than 15 times. Apply a filter criteria and try again." (Bulk API 2.0
            // Developer Guide; production-orgs.md): a smaller window may pass, the same job never
            // does. An aborted job (an admin, a limit) is simply run again.
            return error.errorCode == BulkJobState.aborted.rawValue ? .restartPiece : .splitWindow
        case .api:
            return decideAPI(error, during: operation)
        default:
            // oauth, apiDisabled, untrustedURL: a person must act.
            return .fail
        }
    }

    /// A failure the transport's retries did not heal (a timeout, 5xx, 420, 406 after the last
    /// attempt). For most requests it fails the table; a describe's skips its object, with the
    /// reason, since the other objects of the cycle can still be read. Cycle stops stay stops.
    public static func decideAfterRetries(_ error: SalesforceError, during operation: SalesforceOperation) -> SalesforceDecision {
        let decision = decide(error, during: operation)
        guard operation == .describe else { return decision == .retry ? .fail : decision }
        switch decision {
        case .stopCycle, .skipObject: return decision
        default: return .skipObject("describe failed: \(error.shortDescription): \(error.message)")
        }
    }

    /// A 401 again after the session was renewed. A REST cursor belongs to the session that
    /// opened it (production-orgs.md; the sandbox's session-bound cursors): the piece is read
    /// again with the new session, never "reauthentication required". Anything else means the
    /// renewed token is refused too: a person must sign in again.
    public static func decideAfterRenewal(during operation: SalesforceOperation) -> SalesforceDecision {
        operation == .queryMore ? .restartPiece : .stopCycle(.reauthentication)
    }

    private static func decideAPI(_ error: SalesforceError, during operation: SalesforceOperation) -> SalesforceDecision {
        let status = error.status ?? 0
        if status == 401 || error.errorCode == "INVALID_SESSION_ID" {
            return operation == .signIn ? .fail : .refreshSession
        }
        // 5xx, 429, and the edge's 420 and 406 (HTML pages under load) are transient.
        if status >= 500 || status == 429 || status == 420 || status == 406 { return .retry }
        if error.errorCode == "PROCESSING_HALTED" {
            // A composite subrequest that was not run, or was rolled back, because another one
            // failed (`allOrNone`): sent again alone it may pass. One whose `@{reference}` found
            // no value ("Invalid reference specified") fails the same way every time.
            return error.message.localizedCaseInsensitiveContains("rolled back") ? .retry : .fail
        }
        switch operation {
        case .pollBulkJob, .bulkResults, .deleteBulkJob:
            // Bulk results are kept seven days, and an admin may delete a job: run the piece again.
            if status == 404 { return .restartPiece }
        case .createBulkJob:
            // Objects Bulk API 2.0 does not support answer INVALIDENTITY (or FEATURENOTENABLED).
            if error.errorCode == "INVALIDENTITY" || error.errorCode == "FEATURENOTENABLED" { return .fallBackToREST }
        case .describe:
            if status == 404 || status == 400 { return .skipObject("describe answered \(status) \(error.errorCode ?? ""): \(error.message)") }
        default:
            break
        }
        return .fail
    }

    /// The error of a failure that is not an answer: a `SalesforceError` as it is, a timeout or
    /// dropped connection as `.transport`; nil for cancellation (which is not a failure).
    public static func normalize(_ error: any Error, request: String) -> SalesforceError? {
        if error is CancellationError { return nil }
        if let error = error as? SalesforceError { return error }
        if let error = error as? HTTPClientError {
            if error == .cancelled { return nil }
            let permanent: [HTTPClientError] = [.invalidURL, .emptyHost, .emptyScheme, .redirectLimitReached, .redirectCycleDetected]
            if permanent.contains(error) || String(describing: error).contains("unsupportedScheme") {
                return SalesforceError(kind: .transport, errorCode: notRetried, message: "\(request): \(error)")
            }
            return .transport("\(request): \(error)")
        }
        let text = String(describing: error)
        // TLS failures do not heal by trying again.
        if text.contains("NIOSSL") || text.contains("handshake") {
            return SalesforceError(kind: .transport, errorCode: notRetried, message: "\(request): \(text)")
        }
        return .transport("\(request): \(text)")
    }

    /// The `errorCode` of transport failures that no retry heals.
    static let notRetried = "NOT_RETRIED"
}
