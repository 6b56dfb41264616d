import Testing
@testable import SalesforceKit

/// Every answer the cycle meets maps to one decision, in one place.
@Suite struct ErrorClassifierTests {
    func decide(_ status: Int, _ body: String, during operation: SalesforceOperation = .query) -> SalesforceDecision {
        SalesforceErrorClassifier.decide(.from(status: status, body: Array(body.utf8)), during: operation)
    }

    @Test func transientAnswersAreRetried() {
        #expect(decide(503, "<html>Service Unavailable</html>") == .retry)
        #expect(decide(500, #"[{"errorCode":"UNKNOWN_EXCEPTION","message":"An unexpected error occurred"}]"#) == .retry)
        #expect(decide(429, "") == .retry)
        #expect(decide(420, "<html>Enhance your calm</html>") == .retry)
        #expect(decide(406, "<html>Not Acceptable</html>") == .retry)
        #expect(decide(403, #"[{"message":"ConcurrentPerOrgLongTxn Limit exceeded.","errorCode":"REQUEST_LIMIT_EXCEEDED"}]"#) == .retry)
        #expect(SalesforceErrorClassifier.decide(.transport("reset by peer"), during: .query) == .retry)
        #expect(SalesforceErrorClassifier.decide(.malformedResponse("cut"), during: .bulkResults) == .retry)
    }

    @Test func aDescribeThatKeepsFailingSkipsItsObjectAndOtherRequestsFailTheirTable() {
        let unknown = SalesforceError.from(status: 500, body: Array(#"[{"errorCode":"UNKNOWN_EXCEPTION","message":"An unexpected error occurred"}]"#.utf8))
        guard case .skipObject(let reason) = SalesforceErrorClassifier.decideAfterRetries(unknown, during: .describe) else {
            Issue.record("skips the object")
            return
        }
        #expect(reason.contains("describe failed"))
        guard case .skipObject = SalesforceErrorClassifier.decideAfterRetries(.transport("timed out"), during: .describe) else {
            Issue.record("a timeout skips the object too")
            return
        }
        let quota = SalesforceError.requestLimitExceeded("TotalRequests Limit exceeded.")
        #expect(SalesforceErrorClassifier.decideAfterRetries(quota, during: .describe) == .stopCycle(.quota))
        #expect(SalesforceErrorClassifier.decideAfterRetries(unknown, during: .query) == .fail)
    }

    @Test func theDailyQuotaAndSignInsStopTheCycle() {
        #expect(decide(403, #"[{"message":"TotalRequests Limit exceeded.","errorCode":"REQUEST_LIMIT_EXCEEDED"}]"#) == .stopCycle(.quota))
        #expect(SalesforceErrorClassifier.decide(.reauthenticationRequired("revoked"), during: .query) == .stopCycle(.reauthentication))
    }

    @Test func anExpiredSessionIsRenewedExceptAtSignIn() {
        let expired = #"[{"message":"Session expired or invalid","errorCode":"INVALID_SESSION_ID"}]"#
        #expect(decide(401, expired) == .refreshSession)
        #expect(decide(401, expired, during: .bulkResults) == .refreshSession)
        #expect(decide(401, expired, during: .signIn) == .fail)
    }

    @Test func queryPositionsThatAreGoneRestartThePiece() {
        #expect(decide(400, #"[{"errorCode":"INVALID_QUERY_LOCATOR","message":"invalid query locator"}]"#, during: .queryMore) == .restartPiece)
        let gone = #"[{"errorCode":"NOT_FOUND","message":"The requested resource does not exist"}]"#
        #expect(decide(404, gone, during: .pollBulkJob) == .restartPiece)
        #expect(decide(404, gone, during: .bulkResults) == .restartPiece)
        #expect(decide(404, gone, during: .query) == .fail)
    }

    @Test func heavyQueriesSplitAndUnsupportedObjectsFallBack() {
        #expect(decide(400, #"[{"errorCode":"QUERY_TIMEOUT","message":"Your query request was running for too long."}]"#) == .splitWindow)
        let invalid = #"[{"errorCode":"INVALIDENTITY","message":"Entity 'X' is not supported by the Bulk API."}]"#
        #expect(decide(400, invalid, during: .createBulkJob) == .fallBackToREST)
        #expect(decide(400, invalid, during: .query) == .fail)
    }

    @Test func objectsThatCannotBeDescribedAreSkipped() {
        guard case .skipObject(let reason) = decide(404, #"[{"errorCode":"NOT_FOUND","message":"gone"}]"#, during: .describe) else {
            Issue.record("a missing object is skipped")
            return
        }
        #expect(reason.contains("404"))
        #expect(decide(400, #"[{"errorCode":"INVALID_TYPE","message":"no such object"}]"#, during: .describe) != .fail)
    }

    @Test func whatAPersonMustFixFails() {
        #expect(decide(400, #"[{"errorCode":"INVALID_FIELD","message":"No such column"}]"#) == .fail)
        #expect(decide(403, #"[{"errorCode":"API_DISABLED_FOR_ORG","message":"no"}]"#) == .fail)
        #expect(SalesforceErrorClassifier.decide(.untrustedURL("http://evil"), during: .queryMore) == .fail)
        #expect(SalesforceErrorClassifier.decide(.bulkJobEnded(state: "Failed", message: "Retried more than 15 times"), during: .pollBulkJob) == .splitWindow)
        #expect(SalesforceErrorClassifier.decide(.bulkJobEnded(state: "Aborted", message: "aborted"), during: .pollBulkJob) == .restartPiece)
    }

    @Test func transportFailuresAreNormalized() {
        #expect(SalesforceErrorClassifier.normalize(CancellationError(), request: "GET /") == nil)
        let tls = SalesforceErrorClassifier.normalize(SomeError(text: "NIOSSLError.handshakeFailed"), request: "GET /")
        #expect(tls.map { SalesforceErrorClassifier.decide($0, during: .query) } == .fail)
        let reset = SalesforceErrorClassifier.normalize(SomeError(text: "connection reset"), request: "GET /")
        #expect(reset?.kind == .transport)
        #expect(reset.map { SalesforceErrorClassifier.decide($0, during: .query) } == .retry)
    }

    @Test func shortDescriptionsCarryNoMessage() {
        let error = SalesforceError.from(status: 400, body: Array(#"[{"errorCode":"INVALID_FIELD","message":"secret value 42"}]"#.utf8))
        #expect(error.shortDescription == "api 400 INVALID_FIELD")
        #expect(!error.shortDescription.contains("secret"))
    }

    struct SomeError: Error, CustomStringConvertible {
        let text: String
        var description: String { text }
    }
}
