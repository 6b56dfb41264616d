import Foundation
import HTTPTypes
import HummingbirdTesting
import NIOCore
import NIOHTTP1
import SandboxTestSupport
import Sync
import Testing
import Warehouse

@testable import WebApp

/// Manage Data > Data Warehouse, its JSON routes with API keys, and `/metrics`.
@Suite(.serialized) struct WarehousePageTests {
    static let admin = ("ada@example.com", "correct horse 1")

    func signedInAdmin(_ h: WebAppHarness, _ client: some TestClientProtocol) async throws -> Browser {
        try await h.store.accounts.addUser(email: Self.admin.0, password: Self.admin.1, role: .admin)
        var browser = Browser()
        try await browser.signIn(client, email: Self.admin.0, password: Self.admin.1)
        return browser
    }

    @Test func chooseColumnsSaveAndSyncImmediately() async throws {
        try await WebAppHarness.withApp(sandbox: true) { h, client in
            var browser = try await signedInAdmin(h, client)
            let record = try await h.connect()
            let id = try #require(record.id)
            // Check for new tables and columns: the catalog fills, no table is made.
            _ = try await browser.get(client, "/warehouse")
            #expect(try await browser.post(client, "/warehouse/\(id)/check", []).0 == .seeOther)
            try await h.waitForCycles(id)
            #expect(try await h.warehouse.tableNames().isEmpty)

            var (status, page, _) = try await browser.get(client, "/warehouse?connection=\(id)&table=sf_lead")
            #expect(status == .ok)
            #expect(page.contains(#"data-table="sf_account""#))
            #expect(page.contains(#"data-column="leadsource" data-status="pending""#))
            #expect(page.contains("primary key"))
            (_, page, _) = try await browser.get(client, "/warehouse?connection=\(id)&table=sf_lead&q=opportunity")
            #expect(page.contains(#"data-table="sf_opportunity""#) && !page.contains(#"data-table="sf_account""#))

            // Only a few columns, and sync at once: the rows arrive with just those columns.
            let form: [(String, String)] = [("selected", "on"), ("method", "modifiedAt"), ("key", "SystemModstamp"), ("action", "save-sync"),
                                            ("col_id", "on"), ("col_systemmodstamp", "on"), ("col_leadsource", "on"), ("col_status", "on"), ("col_isconverted", "on")]
            (status, _, _) = try await browser.post(client, "/warehouse/\(id)/sf_lead", form)
            #expect(status == .seeOther)
            await h.app.runner.waitForTableRuns()
            let spec = try #require(try await h.warehouse.tableSpec("sf_lead"))
            #expect(Set(spec.columns.map(\.name)) == ["id", "systemmodstamp", "leadsource", "status", "isconverted"])
            #expect(try await h.warehouse.rowCount("sf_lead") > 1_000)
            #expect(try await h.warehouse.tableNames() == ["sf_lead"])
            (_, page, _) = try await browser.get(client, "/warehouse?connection=\(id)&table=sf_lead&view=synced")
            #expect(page.contains(#"data-column="leadsource" data-status="synced""#))
            #expect(page.contains(#"data-column="phone" data-status="unsynced""#))
            #expect(!page.contains(#"data-table="sf_account""#))

            // Removing a column asks first.
            let fewer = form.filter { $0.0 != "col_leadsource" && $0.0 != "action" } + [("action", "save")]
            (status, page, _) = try await browser.get(client, "/warehouse?connection=\(id)&table=sf_lead").0 == .ok
                ? try await browser.post(client, "/warehouse/\(id)/sf_lead", fewer) : (.internalServerError, "", nil)
            #expect(status == .ok)
            #expect(page.contains("confirm-remove") && page.contains("leadsource"))
            #expect(page.contains("Analysis: Lead conversion by source") && page.contains("Analysis: Won revenue by lead source"))
            #expect(try await h.warehouse.tableSpec("sf_lead")?.column(named: "leadsource") != nil)
            (status, _, _) = try await browser.post(client, "/warehouse/\(id)/sf_lead", fewer + [("confirm", "yes")])
            #expect(status == .seeOther)
            #expect(try await h.warehouse.tableSpec("sf_lead")?.column(named: "leadsource") == nil)

            // Bad input gets a clear answer.
            _ = try await browser.get(client, "/warehouse")
            (status, page, _) = try await browser.post(client, "/warehouse/\(id)/sf_lead", [("method", "sometimes")])
            #expect(status == .badRequest && page.contains("replication method"))
            (status, page, _) = try await browser.post(client, "/warehouse/\(id)/sf_lead", [("method", "modifiedAt"), ("key", "Name")])
            #expect(status == .badRequest && page.contains("replication key"))
            #expect(try await browser.get(client, "/warehouse?connection=\(id)&table=sf_nothing").0 == .notFound)
        }
    }

    @Test func jsonRoutesNeedAnAPIKeyAndReportTheLastCycle() async throws {
        try await WebAppHarness.withApp(sandbox: true) { h, client in
            var browser = try await signedInAdmin(h, client)
            let record = try await h.connect()
            let id = try #require(record.id)
            #expect(try await client.execute(uri: "/api/v1/connections/\(id)/cycles/latest", method: .get).status == .unauthorized)
            #expect(try await client.execute(uri: "/metrics", method: .get).status == .unauthorized)

            _ = try await browser.get(client, "/api-keys")
            let (_, page, _) = try await browser.post(client, "/api-keys", [("name", "monitoring")])
            let key = try #require(page.firstMatch(of: /id="new-api-key">(trb_[A-Za-z0-9_-]+)</)?.1).description
            let auth: HTTPFields = [.authorization: "Bearer \(key)"]
            #expect(try await client.execute(uri: "/api/v1/connections/\(id)/cycles/latest", method: .get, headers: auth).status == .notFound)

            #expect(try await client.execute(uri: "/api/v1/connections/\(id)/sync", method: .post).status == .unauthorized)
            #expect(try await client.execute(uri: "/api/v1/connections/\(id)/sync", method: .post, headers: auth).status == .accepted)
            try await h.waitForCycles(id)
            let latest = try await client.execute(uri: "/api/v1/connections/\(id)/cycles/latest", method: .get, headers: auth)
            #expect(latest.status == .ok)
            let json = try #require(try JSONSerialization.jsonObject(with: Data(latest.body.readableBytesView)) as? [String: Any])
            #expect(json["status"] as? String == "succeeded")
            #expect(json["startedAt"] is String && json["endedAt"] is String)

            // A table change through JSON: removal needs ?confirm=true.
            var headers = auth
            headers[.contentType] = "application/json"
            let change = ByteBuffer(string: #"{"columns": {"phone": false}}"#)
            var response = try await client.execute(uri: "/api/v1/connections/\(id)/tables/sf_contact", method: .post, headers: headers, body: change)
            #expect(response.status == .conflict)
            response = try await client.execute(uri: "/api/v1/connections/\(id)/tables/sf_contact?confirm=true", method: .post, headers: headers, body: change)
            #expect(response.status == .ok)
            #expect(try await h.warehouse.tableSpec("sf_contact")?.column(named: "phone") == nil)
            response = try await client.execute(uri: "/api/v1/connections/\(id)/tables/sf_contact", method: .post, headers: headers, body: ByteBuffer(string: "{not json"))
            #expect(response.status == .badRequest)

            let metrics = String(buffer: try await client.execute(uri: "/metrics", method: .get, headers: auth).body)
            #expect(metrics.contains(#"tributary_cycles_total{status="succeeded"} 1"#))
            #expect(metrics.contains(#"tributary_rows_total{table="sf_account",operation="inserted"}"#))
            #expect(metrics.contains("tributary_cycle_duration_seconds_count 1"))

            // Revoked keys stop working.
            let keys = try await h.store.apiKeys.all()
            _ = try await browser.get(client, "/api-keys")
            _ = try await browser.post(client, "/api-keys/\(try #require(keys.first?.id))/revoke", [])
            #expect(try await client.execute(uri: "/api/v1/connections", method: .get, headers: auth).status == .unauthorized)
        }
    }
}

/// While a cycle runs, its progress is readable (the Connections page polls it), and a table's
/// own run beside it skips the table the cycle holds.
@Suite(.serialized) struct CycleProgressTests {
    @Test func progressWhileACycleRunsAndTableRunsBesideIt() async throws {
        try await WebAppHarness.withApp(sandbox: true) { h, client in
            try await h.store.accounts.addUser(email: "ada@example.com", password: "correct horse 1", role: .admin)
            var browser = Browser()
            try await browser.signIn(client, email: "ada@example.com", password: "correct horse 1")
            let record = try await h.connect()
            let id = try #require(record.id)
            let base = try #require(h.sandboxURL)
            // Every query page takes 300 ms for a while: the cycle is slow enough to watch.
            try await sandboxControl(base, "/_sandbox/faults", #"{"kind": "slow", "count": 40, "pathContains": "/query", "delayMs": 300}"#, http: h.http)
            let task = try #require(h.app.runner.startTask(record))
            var seen: [String: Any] = [:]
            for _ in 0..<100 {
                let response = try await client.execute(uri: "/api/v1/connections/\(id)/progress", method: .get, headers: browser.headers)
                let json = try #require(try JSONSerialization.jsonObject(with: Data(response.body.readableBytesView)) as? [String: Any])
                if json["running"] as? Bool == true, let tables = json["tables"] as? [[String: Any]], !tables.isEmpty, json["apiCallsUsed"] is Int {
                    seen = json
                    break
                }
                try await Task.sleep(for: .milliseconds(50))
            }
            #expect(seen["running"] as? Bool == true, "the progress route never showed the running cycle")
            #expect((seen["apiCallsUsed"] as? Int ?? 0) > 0)
            #expect(seen["tablesPlanned"] is Int)
            let (_, page, _) = try await browser.get(client, "/connections")
            #expect(page.contains("data-live>"))

            // A table run while the cycle holds a table: the work queue leases a table to one job
            // at a time, so the run waits for the cycle's load of it and never loads it at once.
            let held = try #require((seen["tables"] as? [[String: Any]])?.first { $0["status"] as? String == "running" }?["table"] as? String)
            let object = try #require(try await h.warehouse.metadata.tableSettings(connectionID: id, table: held)?.object)
            let loading = try await h.warehouse.loadingTables(connectionID: id)
            await h.app.runner.startTables(record, objects: [object]).value
            await task.value
            if loading.contains(held) {
                let cycles = try await h.warehouse.metadata.latestCycles(connectionID: id, limit: 5)
                let runID = try #require(cycles.first { $0.objects == [object] }?.id)
                let wholeID = try #require(cycles.first { $0.objects == nil }?.id)
                let run = try #require(try await h.warehouse.metadata.tableResults(cycleID: runID).first)
                let whole = try #require(try await h.warehouse.metadata.tableResults(cycleID: wholeID).first { $0.table == held })
                let cycleLoadEnded = try #require(whole.endedAt)
                #expect(run.startedAt >= cycleLoadEnded, "the table run loaded \(held) while the cycle was loading it")
            }
            try await sandboxControl(base, "/_sandbox/faults", method: .DELETE, http: h.http)
            #expect(try await h.warehouse.metadata.lastWholeCycle(connectionID: id)?.status == .succeeded)
            let (_, after, _) = try await browser.get(client, "/connections")
            #expect(!after.contains("data-live>"))
        }
    }
}
