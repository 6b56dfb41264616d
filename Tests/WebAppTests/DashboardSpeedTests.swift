import Analytics
import Foundation
import HTTPTypes
import HummingbirdTesting
import Synchronization
import Testing
import GRDB

@testable import Warehouse
@testable import WebApp

/// Dashboards that stay fast and small: results computed once per version of the data (one
/// computation however many ask at once), long tables cut to their top rows with a page for
/// the rest, and a cycle's end showing new figures.
@Suite(.serialized) struct DashboardSpeedTests {
    static let password = "correct horse 1"

    @Test func aResultIsComputedOncePerVersionHoweverManyAskAtOnce() async throws {
        let cache = ResultCache()
        let calls = Mutex(0)
        let compute: @Sendable () async throws -> Int = {
            try await Task.sleep(for: .milliseconds(50))
            return calls.withLock { $0 += 1; return $0 }
        }
        let answers = try await withThrowingTaskGroup(of: Int.self) { group in
            for _ in 0..<20 { group.addTask { try await cache.value("k", version: "v1", compute: compute) } }
            var all: [Int] = []
            for try await answer in group { all.append(answer) }
            return all
        }
        #expect(answers == Array(repeating: 1, count: 20))
        #expect(try await cache.value("k", version: "v1", compute: compute) == 1)
        // A new version (a cycle ended) computes again.
        #expect(try await cache.value("k", version: "v2", compute: compute) == 2)
        #expect(await cache.computations == 2)
        // A failure is not kept: the next request tries again.
        struct Boom: Error {}
        await #expect(throws: Boom.self) { try await cache.value("bad", version: "v2") { () async throws -> Int in throw Boom() } }
        #expect(try await cache.value("bad", version: "v2") { 7 } == 7)
    }

    @Test func longTablesShowTheirTopRowsAndAPageHasTheRest() async throws {
        try await WebAppHarness.withApp(sandbox: true, configure: { $0.scoreLeadsEvery = 0 }) { h, client in
            try await h.store.accounts.addUser(email: "rita@example.com", password: Self.password, role: .readOnly)
            let record = try await h.connect()
            await (try #require(h.app.runner.startTask(record))).value
            var rita = Browser()
            try await rita.signIn(client, email: "rita@example.com", password: Self.password)
            let (status, page, _) = try await rita.get(client, "/dashboards/opportunities")
            #expect(status == .ok)
            let sections = page.components(separatedBy: "<section class=\"widget\" data-widget=").dropFirst()
            #expect(sections.allSatisfy { $0.components(separatedBy: "<tr>").count - 2 <= DashboardPages.topRows })
            // The slipped deals are many more than a page shows: their own page has them all, as does the CSV.
            let slipped = try await AnalyticsService(warehouse: h.warehouse).slippedDeals(filter: .all)
            #expect(slipped.count > DashboardPages.topRows)
            let index = try #require(Dashboard.builtIn[1].widgets.firstIndex(of: .analysis(.slippedDeals)))
            #expect(page.contains("Show all \(slipped.count)") && page.contains("/dashboards/opportunities/widgets/\(index)"))
            let (allStatus, all, _) = try await rita.get(client, "/dashboards/opportunities/widgets/\(index)")
            #expect(allStatus == .ok && all.components(separatedBy: "<tr>").count - 2 == slipped.count)
            #expect(try await rita.get(client, "/dashboards/opportunities/widgets/99").0 == .notFound)
        }
    }

    @Test func aCycleEndShowsNewFiguresAndNothingIsComputedAgainBefore() async throws {
        try await WebAppHarness.withApp(sandbox: true, configure: { $0.scoreLeadsEvery = 0 }) { h, client in
            try await h.store.accounts.addUser(email: "rita@example.com", password: Self.password, role: .readOnly)
            let record = try await h.connect()
            await (try #require(h.app.runner.startTask(record))).value
            var rita = Browser()
            try await rita.signIn(client, email: "rita@example.com", password: Self.password)
            // The warmer computes the built-ins once; opening them computes nothing more.
            #expect(try await h.app.analysis.warmDashboards(after: nil) != nil)
            let warmed = await h.app.analysis.cache.computations
            #expect(try await h.app.analysis.warmDashboards(after: try await h.app.analysis.dataVersion()) == nil)
            let before = try await rita.get(client, "/dashboards/leads").1
            _ = try await rita.get(client, "/dashboards/leads")
            // Only the lead scores (keyed by their model) are new; every other widget came from the cache.
            #expect(await h.app.analysis.cache.computations <= warmed + 1)

            // New leads from a source nobody used: cached figures until a cycle ends, then the new ones.
            try await h.warehouse.writer.write { db in
                try db.execute(sql: "UPDATE sf_lead SET leadsource = 'Trade Fair Zeta' WHERE id IN (SELECT id FROM sf_lead ORDER BY id LIMIT 3)")
            }
            try await Task.sleep(for: .milliseconds(1_100))
            #expect(!(try await rita.get(client, "/dashboards/leads").1.contains("Trade Fair Zeta")))
            let id = try #require(record.id)
            let cycle = try await h.warehouse.metadata.startCycle(connectionID: id, at: Date())
            _ = try await h.warehouse.metadata.finishCycle(id: cycle.id, status: .succeeded, error: nil, apiCalls: 0, at: Date())
            try await Task.sleep(for: .milliseconds(1_100))
            let after = try await rita.get(client, "/dashboards/leads").1
            #expect(after.contains("Trade Fair Zeta") && before != after)
        }
    }
}
