import Foundation
import NIOHTTP1
import Rows
import SandboxOrg
import SalesforceKit
import Sync
import Testing
import Warehouse
import WarehouseTestSupport

/// Every fault the sandbox org can inject ends in an exact warehouse or a clear error that
/// loses nothing, after which the next cycle completes the copy.
@Suite(.serialized) struct FaultTests {
    static let objects = ["Account", "Lead", "Task", "CaseStatus"]

    func fault(_ h: SyncHarness, _ json: String) async throws { try await h.control("/_sandbox/faults", json) }

    @Test(arguments: Backend.available, [
        #"{"kind": "http500", "count": 3}"#,
        #"{"kind": "http503", "count": 2, "pathContains": "/jobs/query"}"#,
        #"{"kind": "malformedJSON", "count": 1, "pathContains": "/query"}"#,
        #"{"kind": "truncatedCSV", "count": 2}"#,
        #"{"kind": "hang", "count": 1, "pathContains": "/query", "delayMs": 4000}"#,
        #"{"kind": "queryTimeout", "count": 0, "maxRecords": 2500}"#,
        // Production orgs' edge and limits (issue 14): retried, never a quota stop.
        #"{"kind": "http420", "count": 2}"#,
        #"{"kind": "http406", "count": 2, "pathContains": "/describe"}"#,
        #"{"kind": "concurrentLimit", "count": 3}"#,
        #"{"kind": "bulkJobFailed", "count": 0, "maxRecords": 2500}"#,
    ])
    func transientFaultsAreAbsorbed(_ backend: Backend, _ json: String) async throws {
        try await withHarness(backend) { h in
            try await h.connect()
            try await fault(h, json)
            let result = try await h.sync { $0.objects = Self.objects }
            #expect(result.status == .succeeded, "\(json): \(result.error ?? "")")
            try await h.control("/_sandbox/faults", method: .DELETE)
            try await h.expectWarehouseEqualsOrg(Self.objects)
        }
    }

    @Test(arguments: Backend.available) func persistentMalformedResponsesFailTheTableClearlyAndTheNextCycleCompletes(_ backend: Backend) async throws {
        try await withHarness(backend) { h in
            try await h.connect()
            try await fault(h, #"{"kind": "malformedJSON", "count": 0, "pathContains": "/sobjects/Lead/describe"}"#)
            let broken = try await h.sync { $0.objects = Self.objects }
            #expect(broken.status != .succeeded)
            #expect(broken.skippedObjects.contains { $0.object == "Lead" } || broken.error != nil)
            try await h.control("/_sandbox/faults", method: .DELETE)
            h.clock.advance(seconds: 60)
            let repaired = try await h.sync { $0.objects = Self.objects }
            #expect(repaired.status == .succeeded, "\(repaired.error ?? "")")
            try await h.expectWarehouseEqualsOrg(Self.objects)
        }
    }

    @Test(arguments: Backend.available) func expiredSessionsAreRefreshedOnce(_ backend: Backend) async throws {
        try await withHarness(backend) { h in
            try await h.connect()
            _ = try await h.sync { $0.objects = ["Account"] }
            try await h.control("/_sandbox/sessions/expire")
            h.clock.advance(seconds: 60)
            let result = try await h.sync { $0.objects = Self.objects }
            #expect(result.status == .succeeded, "\(result.error ?? "")")
            try await h.expectWarehouseEqualsOrg(Self.objects)
        }
    }

    @Test(arguments: Backend.available) func aRevokedTokenAsksForReauthenticationAndSigningInAgainKeepsTheData(_ backend: Backend) async throws {
        try await withHarness(backend) { h in
            // A web sign-in holds a refresh token only (password connections sign in again by themselves).
            try await h.connectThroughSignInPage()
            _ = try await h.sync { $0.objects = ["Account"] }
            let rows = try await h.warehouse.rowCount("sf_account")
            try await h.control("/_sandbox/refresh-tokens/revoke")
            try await h.control("/_sandbox/sessions/expire")
            let refused = try await h.sync { $0.objects = ["Account"] }
            #expect(refused.status == .failed)
            #expect(refused.error?.contains("Reauthentication required") == true)
            #expect(try await h.service.connection(named: "sandbox").status == .reauthenticationRequired)
            #expect(try await h.warehouse.rowCount("sf_account") == rows)

            try await h.connectThroughSignInPage()
            h.clock.advance(seconds: 60)
            let resumed = try await h.sync { $0.objects = ["Account"] }
            #expect(resumed.status == .succeeded, "\(resumed.error ?? "")")
            #expect(resumed.tables.first?.inserted == 0)
            #expect(try await h.service.connection(named: "sandbox").status == .connected)
        }
    }

    @Test(arguments: Backend.available) func theAPIBudgetStopsTheCycleCleanlyAndTheNextOneResumes(_ backend: Backend) async throws {
        // A tenth of 100 calls: describes come in one composite, so the tables run out of it.
        try await withHarness(backend, configure: { $0.dailyAPIRequests = 100 }) { h in
            var record = try await h.connect()
            record.apiShare = 0.1
            record = try await h.warehouse.metadata.saveConnection(record)
            let stopped = try await h.sync { $0.objects = Self.objects }
            #expect(stopped.status == .stoppedQuota, "\(stopped.status) \(stopped.error ?? "")")
            #expect(stopped.apiCalls <= 10)
            record.apiShare = 1
            _ = try await h.warehouse.metadata.saveConnection(record)
            let resumed = try await h.sync { $0.objects = Self.objects }
            #expect(resumed.status == .succeeded, "\(resumed.error ?? "")")
            try await h.expectWarehouseEqualsOrg(Self.objects)
        }
    }

    @Test(arguments: Backend.available) func requestLimitExceededStopsTheCycleAndKeepsWhatWasLoaded(_ backend: Backend) async throws {
        try await withHarness(backend) { h in
            try await h.connect()
            try await fault(h, #"{"kind": "requestLimit", "count": 0, "afterCalls": 12}"#)
            let stopped = try await h.sync { $0.objects = Self.objects }
            #expect(stopped.status == .stoppedQuota, "\(stopped.status) \(stopped.error ?? "")")
            try await h.control("/_sandbox/faults", method: .DELETE)
            let resumed = try await h.sync { $0.objects = Self.objects }
            #expect(resumed.status == .succeeded, "\(resumed.error ?? "")")
            try await h.expectWarehouseEqualsOrg(Self.objects)
        }
    }

    @Test(arguments: Backend.available) func anOrgWithoutAPIAccessIsRefusedClearlyAndNothingIsSaved(_ backend: Backend) async throws {
        try await withHarness(backend, configure: { $0.apiDisabledForOrg = true }) { h in
            await #expect(throws: ConnectionError.self) { try await h.connect() }
            let saved = try await h.warehouse.metadata.connections()
            #expect(saved.isEmpty)
        }
        try await withHarness(backend) { h in
            let noAPIUser = try #require(h.server.configuration.users.firstIndex { !$0.apiEnabled })
            do {
                try await h.connect(user: noAPIUser)
                Issue.record("a user without API Enabled was connected")
            } catch let error as ConnectionError {
                #expect(error.description.contains("API Enabled"))
            }
        }
    }

    @Test(arguments: Backend.available) func signingInAgainToAnotherOrgIsRefusedAndKeepsTheConnection(_ backend: Backend) async throws {
        try await withHarness(backend) { h in
            let original = try await h.connect()
            var other = SandboxConfiguration()
            other.port = 0
            other.seed = 7
            other.directory = h.directory + "/other-org"
            let server = try SandboxServer(configuration: other)
            let (url, serving) = try await server.startInBackground()
            defer { serving.cancel() }
            #expect(server.organizationID != h.server.organizationID)
            do {
                _ = try await h.service.connect(
                    name: "sandbox", loginHost: .localSandbox(url), clientID: other.clientID, clientSecret: other.clientSecret,
                    credentials: .password(username: other.users[0].email, password: other.users[0].password))
                Issue.record("a sign-in to another org replaced the connection")
            } catch let error as ConnectionError {
                #expect(error == .differentOrg(expected: h.server.organizationID, got: server.organizationID))
                #expect(error.description.contains("different Salesforce org"))
            }
            let kept = try await h.service.connection(named: "sandbox")
            #expect(kept.organizationID == original.organizationID)
            #expect(kept.instanceURL == original.instanceURL)
        }
    }
}
