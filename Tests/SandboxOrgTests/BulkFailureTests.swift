import Foundation
import HTTPTypes
import HummingbirdTesting
import NIOCore
import Testing

@testable import SandboxOrg

/// Bulk query jobs that end `Failed`, as big ones do on production orgs.
@Suite struct BulkFailureTests {
    @Test func aJobOverMoreThanMaxRecordsRowsFailsWithSalesforcesMessage() async throws {
        let h = try SandboxHarness()
        try await h.run { client in
            let token = try await h.passwordGrant(client)
            let tasks = try await h.count(client, token, "SELECT COUNT() FROM Task")
            #expect(tasks > 200)
            try await h.fault(client, #"{"kind": "bulkJobFailed", "count": 1, "pathContains": "Task", "maxRecords": 200}"#)
            // Another object's job, and a Task job within the threshold, pass and leave the fault armed.
            let lead = try await h.bulkJob(client, token, "SELECT Id FROM Lead")
            #expect(lead["state"] as? String == "JobComplete")
            let few = try await h.bulkJob(client, token, "SELECT Id FROM Task LIMIT 150")
            #expect(few["state"] as? String == "JobComplete")

            let failed = try await h.bulkJob(client, token, "SELECT Id, Subject FROM Task")
            #expect(failed["state"] as? String == "Failed")
            #expect(failed["errorMessage"] as? String == "Retried more than 15 times. Apply a filter criteria and try again.")
            #expect(failed["retries"] as? Int == 15)
            #expect(failed["numberRecordsProcessed"] as? Int == 0)
            let id = try #require(failed["id"] as? String)
            let (status, body) = try await h.bulkResults(client, token, job: id)
            #expect(status == .badRequest, "\(body)")

            // count 1: spent, so the same job now completes.
            let again = try await h.bulkJob(client, token, "SELECT Id, Subject FROM Task")
            #expect(again["state"] as? String == "JobComplete")
        }
    }

    @Test func queryTimeoutFailsBulkJobsToo() async throws {
        let h = try SandboxHarness()
        try await h.run { client in
            let token = try await h.passwordGrant(client)
            // A window (the newest accounts) small enough to pass, found before the fault is on.
            var window = ""
            var inWindow = 0
            // The org's history ends at the harness's asOf, 2026-01-01.
            for start in ["2025-10-01", "2025-12-01", "2025-12-15", "2025-12-25", "2025-12-30"] {
                window = "SELECT Id FROM Account WHERE CreatedDate >= \(start)T00:00:00Z"
                inWindow = try await h.count(client, token, window.replacingOccurrences(of: "SELECT Id", with: "SELECT COUNT()"))
                if inWindow < 100 { break }
            }
            #expect((1..<100).contains(inWindow))
            try await h.fault(client, #"{"kind": "queryTimeout", "count": 0, "maxRecords": 100}"#)
            let failed = try await h.bulkJob(client, token, "SELECT Id FROM Account")
            #expect(failed["state"] as? String == "Failed")
            #expect((failed["errorMessage"] as? String)?.contains("QUERY_TIMEOUT") == true)
            // LIMIT does not help (the query still scans and matches every row)…
            let limited = try await h.bulkJob(client, token, "SELECT Id FROM Account LIMIT 50")
            #expect(limited["state"] as? String == "Failed")
            // …a narrower window (a split) does: it completes with its rows.
            let narrow = try await h.bulkJob(client, token, window)
            #expect(narrow["state"] as? String == "JobComplete")
            let id = try #require(narrow["id"] as? String)
            let (status, csv) = try await h.bulkResults(client, token, job: id)
            #expect(status == .ok)
            #expect(csv.split(separator: "\n").count == inWindow + 1)
        }
    }
}
