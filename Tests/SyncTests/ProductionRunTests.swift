import Foundation
import NIOHTTP1
import SalesforceKit
import SandboxOrg
import Sync
import Testing
import Warehouse
import WarehouseTestSupport

/// Issue 14's *Done when*, as one run: an org with every production edge (`--profile
/// production`: 400 package fields on the wide objects, archived activities, five currencies,
/// gzip, rotating refresh tokens, a restricted integration user) at scale 2, activity running,
/// sessions of 30 s, two `tributary worker` processes on a PostgreSQL warehouse, and one fault
/// after another. Every cycle ends succeeded (or partial with a reason), and the warehouse
/// equals the org's `queryAll` truth for the admin (archived rows included); a second
/// connection, as the restricted user, equals what that user sees and says what it cannot.
/// In the kill-and-resume suite: it runs child processes and must not share the machine with
/// another suite of them.
extension KillAndResumeTests {
    static let productionObjects = ["Account", "Contact", "Lead", "Opportunity", "OpportunityLineItem", "Task", "Event", "Case"]

    /// One fault per incremental cycle, each a production behaviour the cycle must survive.
    static let faultsInTurn: [(name: String, json: String?)] = [
        ("the edge's 420", #"{"kind": "http420", "count": 3, "pathContains": "/query"}"#),
        ("the edge's 406", #"{"kind": "http406", "count": 2, "pathContains": "/composite"}"#),
        ("ConcurrentPerOrgLongTxn", #"{"kind": "concurrentLimit", "count": 3}"#),
        ("sessions expired (every process renews, one refresh at a time)", nil),
        ("503", #"{"kind": "http503", "count": 3, "pathContains": "/query"}"#),
        ("QUERY_TIMEOUT", #"{"kind": "queryTimeout", "count": 1, "pathContains": "/query", "maxRecords": 40}"#),
    ]

    @Test(.enabled(if: FileManager.default.isExecutableFile(atPath: Self.binary) && Backend.postgresURL != nil,
                   "needs the built tributary executable and TRIBUTARY_TEST_POSTGRES_URL"))
    func aProductionOrgWithFaultsInTurnEndsEqualToItsTruth() async throws {
        try await withHarness(.postgres, scale: 2, systemClock: true, configure: {
            SandboxProfile.production.apply(to: &$0)
            $0.accessTokenLifetimeSeconds = 30
        }) { h in
            try await h.awayFromMidnight(seconds: 600)
            let url = try testPostgresURL()
            let (warehouse, service, record) = try await h.connectInPostgres(url)
            let workers = try (0..<2).map { _ in try worker(h, url) }
            defer { for w in workers where w.isRunning { kill(w.pid, SIGKILL) } }
            var options = h.options {
                $0.objects = Self.productionObjects
                $0.runsJobs = false
                $0.leaseSeconds = 10
            }
            options.clock = { Date() }
            let cycle = { (name: String) async throws -> CycleResult in
                let result = try await service.sync(try await service.connection(named: record.name), options: options)
                let rows = result.tables.reduce(0) { $0 + $1.inserted + $1.updated + $1.deleted }
                print("production run: \(name): \(result.status.rawValue) in \(String(format: "%.1f", result.endedAt.timeIntervalSince(result.startedAt))) s, "
                      + "\(rows) rows changed, \(result.apiCalls) API calls\(result.error.map { " (\($0.prefix(200)))" } ?? "")")
                // Succeeded, or partial with a reason a person can act on
                #expect(result.status == .succeeded || (result.status == .partial && !(result.error ?? "").isEmpty),
                        "\(name): \(result.status) \(result.error ?? "")")
                return result
            }

            // The full sync, activity running, a Bulk job failing as Salesforce's do
            try await h.control("/_sandbox/activity", #"{"perSecond": 10}"#)
            try await h.control("/_sandbox/faults", #"{"kind": "bulkJobFailed", "count": 1, "pathContains": "Task", "maxRecords": 1000}"#)
            #expect(try await cycle("full sync").status == .succeeded)

            // Incremental cycles, one fault each
            for (name, json) in Self.faultsInTurn {
                if let json { try await h.control("/_sandbox/faults", json) } else { try await h.control("/_sandbox/sessions/expire") }
                _ = try await cycle(name)
                try await h.control("/_sandbox/faults", method: .DELETE)
            }

            // The org goes quiet; a last cycle (waiting out its minute) catches up, and the
            // warehouse is the org's queryAll truth, archived activities included
            try await h.control("/_sandbox/activity", #"{"perSecond": 0}"#)
            options.probeWaitsForMinute = true
            #expect(try await cycle("catching up").status == .succeeded)
            try await h.expectWarehouseEqualsOrg(Self.productionObjects, in: warehouse, queryAll: true)
            #expect(try await warehouse.query("SELECT count(*) FROM sf_task WHERE isarchived", arguments: []).first?[0].flatMap { Int($0 ?? "") } ?? 0 > 0)
            let admin = try await service.connection(named: record.name)
            #expect(admin.access?.viewAllData == true)
            await warehouse.close()

            // The restricted integration user, in a warehouse of its own
            let login = try #require(h.server.configuration.restrictedUser)
            let directory = h.directory + "/restricted"
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
            let restricted = try SQLiteWarehouse(path: directory + "/tributary.sqlite")
            let its = ConnectionService(warehouse: restricted, secrets: try SecretBox.load(dataDirectory: directory, encodedKey: nil), http: h.http)
            let connection = try await its.connect(
                name: "integration", loginHost: .localSandbox(h.baseURL), clientID: h.server.configuration.clientID,
                clientSecret: h.server.configuration.clientSecret, credentials: .password(username: login.email, password: login.password))
            var own = h.options { $0.objects = Self.productionObjects }
            own.clock = { Date() }
            #expect(try await its.sync(connection, options: own).status == .succeeded)
            try await h.control("/_sandbox/sessions/expire")
            own.probeWaitsForMinute = true
            #expect(try await its.sync(try await its.connection(named: "integration"), options: own).status == .succeeded)
            try await h.expectWarehouseEqualsOrg(Self.productionObjects, in: restricted, queryAll: true, as: login)
            let seen = try await its.connection(named: "integration")
            let warnings = seen.access?.warnings(reconcilesAnyway: seen.reconcileWithoutViewAllData) ?? []
            #expect(seen.access?.viewAllData == false && warnings.contains { $0.contains("lacks View All Data") }, "\(warnings)")
            #expect(try await restricted.rowCount("sf_account") < (try await h.orgClient().count("SELECT COUNT() FROM Account")))
        }
    }
}
