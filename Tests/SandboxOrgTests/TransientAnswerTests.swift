import Foundation
import HTTPTypes
import HummingbirdTesting
import NIOCore
import Testing

@testable import SandboxOrg

/// The edge's 420 and 406 and the concurrent-request limit: answers that pass if retried.
@Suite struct TransientAnswerTests {
    let small = "SELECT Id FROM User LIMIT 2"

    @Test func http420IsTheEdgesHTMLPageThenTheAPIAnswersAgain() async throws {
        let h = try SandboxHarness()
        try await h.run { client in
            let token = try await h.passwordGrant(client)
            try await h.fault(client, #"{"kind": "http420", "count": 1, "pathContains": "/query"}"#)
            try await client.execute(uri: "/services/data/v62.0/query?q=SELECT+Id+FROM+User", method: .get, headers: bearer(token)) { response in
                #expect(response.status.code == 420)
                // jsforce tells the edge's page apart by this exact type and this sentence.
                #expect(response.headers[.contentType] == "text/html")
                let body = String(buffer: response.body)
                #expect(body.contains("If it takes too long, please contact support or visit our"))
                #expect(!body.hasPrefix("["))
            }
            let (status, _) = try await h.query(client, token, small)
            #expect(status == .ok)
        }
    }

    @Test func edgeAnswersComeBeforeTheSessionCheck() async throws {
        let h = try SandboxHarness()
        try await h.run { client in
            try await h.fault(client, #"{"kind": "http406", "count": 2}"#)
            for _ in 0..<2 {
                try await client.execute(uri: "/services/data/v62.0/sobjects/Account/describe", method: .get) { response in
                    #expect(response.status == .notAcceptable)
                    #expect(response.headers[.contentType] == "text/html")
                    #expect(String(buffer: response.body).contains("<html"))
                }
            }
            // Spent: the same request now meets the API, which wants a session.
            try await client.execute(uri: "/services/data/v62.0/sobjects/Account/describe", method: .get) { #expect($0.status == .unauthorized) }
        }
    }

    @Test func concurrentLimitIsARequestLimitThatClearsAfterItsCount() async throws {
        let h = try SandboxHarness()
        try await h.run { client in
            let token = try await h.passwordGrant(client)
            try await h.fault(client, #"{"kind": "concurrentLimit", "count": 2}"#)
            for _ in 0..<2 {
                let (status, body) = try await h.query(client, token, small)
                #expect(status == .forbidden)
                let error = try firstError(body)
                #expect(error.code == "REQUEST_LIMIT_EXCEEDED")
                #expect(error.message == "ConcurrentPerOrgLongTxn Limit exceeded.")
            }
            let (status, _) = try await h.query(client, token, small)
            #expect(status == .ok)
        }
    }

    @Test func theDailyLimitStillSaysTotalRequests() async throws {
        // The two limits share an error code; only the message tells them apart.
        let h = try SandboxHarness { $0.dailyAPIRequests = 1 }
        try await h.run { client in
            let token = try await h.passwordGrant(client)
            _ = try await h.query(client, token, small)
            let (status, body) = try await h.query(client, token, small)
            #expect(status == .forbidden)
            #expect(try firstError(body).message == "TotalRequests Limit exceeded.")
        }
    }
}
