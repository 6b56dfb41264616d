import Analytics
import Foundation
import SalesforceKit
import Testing
@testable import Warehouse
import WarehouseTestSupport

@testable import WebApp

/// The web app's state behaves the same in both stores: the embedded SQLite file and the
/// PostgreSQL warehouse's database (which replicas share). Each case runs on every backend the
/// machine has; PostgreSQL cases get a schema of their own.
@Suite struct AppStoreConformanceTests {
    /// A fresh store on `backend`, closed afterwards.
    static func withStore(_ backend: Backend, _ body: (AppStore) async throws -> Void) async throws {
        switch backend {
        case .sqlite:
            let directory = FileManager.default.temporaryDirectory.appendingPathComponent("appstore-\(UUID().uuidString)")
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            defer { try? FileManager.default.removeItem(at: directory) }
            try await body(try .sqlite(path: directory.appendingPathComponent("tributary.sqlite").path))
        case .postgres:
            let warehouse = try await makePostgresWarehouse()
            do {
                try await body(try await .postgres(warehouse))
            } catch {
                await warehouse.close()
                throw error
            }
            await warehouse.close()
        }
    }

    /// The same user: times go through each store's own type (seconds as a double, microseconds),
    /// so they are compared to a millisecond.
    static func same(_ a: User?, _ b: User?) -> Bool {
        guard let a, let b else { return a == nil && b == nil }
        return a.id == b.id && a.email == b.email && a.role == b.role && abs(a.createdAt.timeIntervalSince(b.createdAt)) < 0.001
    }

    @Test(arguments: Backend.available) func usersAreUniqueByEmailWhateverTheCaseAndAnAdminAlwaysStays(_ backend: Backend) async throws {
        try await Self.withStore(backend) { store in
            #expect(try await store.accounts.isEmpty)
            let ada = try await store.accounts.addUser(email: "Ada@Example.com", password: "correct horse battery", role: .admin)
            await #expect(throws: UserError.duplicate("ada@example.com")) {
                try await store.accounts.addUser(email: "ada@example.com", password: "another long one", role: .standard)
            }
            #expect(try await store.accounts.verify(email: " ADA@example.com ", password: "correct horse battery")?.id == ada.id)
            #expect(try await store.accounts.verify(email: "ada@example.com", password: "wrong password!") == nil)
            #expect(try await store.accounts.verify(email: "nobody@example.com", password: "correct horse battery") == nil)

            await #expect(throws: UserError.lastAdmin) { try await store.accounts.setRole(.standard, userID: ada.id) }
            await #expect(throws: UserError.lastAdmin) { try await store.accounts.removeUser(id: ada.id) }
            let bob = try await store.accounts.addUser(email: "bob@example.com", password: "a long password", role: .readOnly)
            try await store.accounts.setRole(.admin, userID: bob.id)
            try await store.accounts.setRole(.standard, userID: ada.id)
            #expect(try await store.accounts.users().map(\.role) == [.standard, .admin])
            await #expect(throws: UserError.lastAdmin) { try await store.accounts.removeUser(id: bob.id) }
            try await store.accounts.removeUser(id: ada.id)
            #expect(try await store.accounts.users().map(\.email) == ["bob@example.com"])
        }
    }

    @Test(arguments: Backend.available) func aSessionCarriesItsUserAsTheyAreNowAndEnds(_ backend: Backend) async throws {
        try await Self.withStore(backend) { store in
            let ada = try await store.accounts.addUser(email: "ada@example.com", password: "correct horse battery", role: .admin)
            let bob = try await store.accounts.addUser(email: "bob@example.com", password: "a long password", role: .standard)
            let (token, started) = try await store.accounts.startSession(for: bob)
            let found = try #require(try await store.accounts.session(token: token))
            #expect(Self.same(found.user, bob) && found.csrfToken == started.csrfToken)
            #expect(abs(found.expiresAt.timeIntervalSince(started.expiresAt)) < 0.01)
            try await store.accounts.setRole(.readOnly, userID: bob.id)
            #expect(try await store.accounts.session(token: token)?.user.role == .readOnly)
            #expect(try await store.accounts.session(token: token + "x") == nil)
            try await store.accounts.endSession(token: token)
            #expect(try await store.accounts.session(token: token) == nil)
            // Removing a user ends their sessions.
            let (other, _) = try await store.accounts.startSession(for: bob)
            try await store.accounts.removeUser(id: bob.id)
            #expect(try await store.accounts.session(token: other) == nil)
            _ = ada
        }
    }

    @Test(arguments: Backend.available) func anExpiredSessionSignsNobodyIn(_ backend: Backend) async throws {
        try await Self.withStore(backend) { store in
            let ada = try await store.accounts.addUser(email: "ada@example.com", password: "correct horse battery", role: .admin)
            let short = Accounts(store.backend, sessionLifetime: -1)
            let (token, _) = try await short.startSession(for: ada)
            #expect(try await store.accounts.session(token: token) == nil)
        }
    }

    @Test(arguments: Backend.available) func anAPIKeyActsAsItsUserUntilRevokedAndRecordsItsUse(_ backend: Backend) async throws {
        try await Self.withStore(backend) { store in
            let ada = try await store.accounts.addUser(email: "ada@example.com", password: "correct horse battery", role: .admin)
            let (key, secret) = try await store.apiKeys.create(name: "dbt", for: ada)
            #expect(secret.hasPrefix("trb_"))
            #expect(try await store.apiKeys.all().map(\.name) == ["dbt"])
            #expect(try await store.apiKeys.all().first?.lastUsedAt == nil)
            #expect(Self.same(try await store.apiKeys.user(forKey: secret), ada))
            #expect(try await store.apiKeys.all().first?.lastUsedAt != nil)
            #expect(try await store.apiKeys.user(forKey: secret + "x") == nil)
            let (_, _, owner) = try await store.apiKeys.create(name: "dbt", forEmail: " ADA@example.com")
            #expect(Self.same(owner, ada))
            #expect(throws: APIKeyChoiceError.self) { try APIKeyChoice.choose("dbt", from: [key, key]) }
            try await store.apiKeys.revoke(idOrName: String(key.id))
            #expect(try await store.apiKeys.user(forKey: secret) == nil)
            await #expect(throws: UserError.invalidKeyName) { try await store.apiKeys.create(name: "  ", for: ada) }
        }
    }

    @Test(arguments: Backend.available) func reportsKeepTheirDefinitionAndAreSeenByWhoMaySeeThem(_ backend: Backend) async throws {
        try await Self.withStore(backend) { store in
            let ada = try await store.accounts.addUser(email: "ada@example.com", password: "correct horse battery", role: .admin)
            let bob = try await store.accounts.addUser(email: "bob@example.com", password: "a long password", role: .standard)
            let mine = try await store.reports.createReport(try ReportDraft(title: "Mine", sql: "SELECT 1", chart: .bar, shared: false), owner: bob)
            let spec = QuerySpec(object: "sf_opportunity", measure: MeasureSpec(aggregate: "count"))
            let shared = try await store.reports.createReport(
                try ReportDraft(title: "Shared", query: spec, chart: .number, shared: true), owner: ada)
            #expect(try await store.reports.report(id: shared.id)?.definition == .query(spec))
            #expect(try await store.reports.report(id: mine.id)?.chart == .bar)
            #expect(try await store.reports.report(id: mine.id)?.ownerEmail == "bob@example.com")
            #expect(Set(try await store.reports.reports(visibleTo: bob).map(\.title)) == ["Mine", "Shared"])
            #expect(try await store.reports.reports(visibleTo: ada).map(\.title) == ["Shared"])
            try await store.reports.updateReport(id: mine.id, try ReportDraft(title: "Renamed", sql: "SELECT 2", chart: .none, shared: true))
            let renamed = try #require(try await store.reports.report(id: mine.id))
            #expect(renamed.title == "Renamed" && renamed.definition == .sql("SELECT 2") && renamed.shared)
            try await store.reports.deleteReport(id: shared.id)
            #expect(try await store.reports.allReports().map(\.title) == ["Renamed"])
            #expect(try await store.reports.report(id: shared.id) == nil)
        }
    }

    @Test(arguments: Backend.available) func goalsKeepTheirOwnersAndTargets(_ backend: Backend) async throws {
        try await Self.withStore(backend) { store in
            let saved = try await store.goals.saveGoal(
                Goal(title: "Q1 bookings", metric: .closedWonAmount, period: .quarter, start: "2026-01-01", target: 1_250_000.5, ownerIDs: ["005A", "005B"]),
                by: "ada@example.com")
            let id = try #require(saved.id)
            #expect(try await store.goals.goals() == [saved])
            var changed = saved
            changed.target = 2
            changed.ownerIDs = []
            _ = try await store.goals.saveGoal(changed, by: "ada@example.com")
            #expect(try await store.goals.goals() == [changed])
            try await store.goals.deleteGoal(id: id)
            #expect(try await store.goals.goals().isEmpty)
        }
    }

    @Test(arguments: Backend.available) func dashboardsAndTheirEmailsAreClaimedOncePerDueTime(_ backend: Backend) async throws {
        try await Self.withStore(backend) { store in
            let ada = try await store.accounts.addUser(email: "ada@example.com", password: "correct horse battery", role: .admin)
            let draft = Dashboard(key: "", title: "Pipeline", widgets: [.analysis(.winRate), .report(7)], ownerID: ada.id, ownerEmail: nil, shared: true)
            let saved = try await store.dashboards.saveDashboard(draft)
            let id = try #require(Int64(saved.key))
            let listed = try #require(try await store.dashboards.dashboards().first)
            #expect(listed.title == "Pipeline" && listed.widgets == draft.widgets && listed.ownerEmail == "ada@example.com" && listed.shared)

            let schedule = try EmailSchedule(frequency: .daily, hour: 8, timeZone: "Europe/Paris")
            let email = try await store.dashboards.addDashboardEmail(dashboardID: id, schedule: schedule, recipientIDs: [ada.id], createdBy: ada)
            #expect(try await store.dashboards.dashboardEmails(dashboardID: id).map(\.schedule) == [schedule])
            let now = Date()
            // Two senders (two replicas) claim the same due time: one wins.
            async let first = store.dashboards.claimDashboardEmail(id: email.id, lastSentAt: nil, now: now)
            async let second = store.dashboards.claimDashboardEmail(id: email.id, lastSentAt: nil, now: now)
            #expect([try await first, try await second].filter { $0 }.count == 1)
            let claimed = try #require(try await store.dashboards.dashboardEmails().first?.lastSentAt)
            #expect(try await store.dashboards.claimDashboardEmail(id: email.id, lastSentAt: claimed, now: now.addingTimeInterval(86_400)))
            #expect(try await !store.dashboards.claimDashboardEmail(id: email.id, lastSentAt: claimed, now: now.addingTimeInterval(86_400)))

            try await store.dashboards.deleteDashboard(id: id)
            #expect(try await store.dashboards.dashboards().isEmpty)
            #expect(try await store.dashboards.dashboardEmails().isEmpty, "an email goes with its dashboard")
        }
    }

    @Test(arguments: Backend.available) func theSignInThrottleAndPendingSignInsAreInTheStore(_ backend: Backend) async throws {
        try await Self.withStore(backend) { store in
            let throttle = SignInThrottle(store: store.signIns, limit: 3, window: 60)
            let keys = ["email:ada@example.com", "ip:192.0.2.1"]
            let now = Date()
            for _ in 0..<2 { try await throttle.recordFailure(keys, now: now) }
            #expect(try await !throttle.isBlocked(keys, now: now))
            try await throttle.recordFailure(["email:ada@example.com"], now: now)
            #expect(try await throttle.isBlocked(["email:ada@example.com"], now: now))
            #expect(try await !throttle.isBlocked(["ip:192.0.2.1"], now: now))
            #expect(try await !throttle.isBlocked(keys, now: now.addingTimeInterval(61)), "failures outside the window do not count")
            try await throttle.reset(keys)
            #expect(try await !throttle.isBlocked(keys, now: now))

            let pending = PendingSignIns(store: store.signIns)
            let state = try await pending.start(.init(sessionToken: "cookie", verifier: "v", connectionName: "Prod", loginHost: .sandbox, connectionID: 4), now: now)
            #expect(try await pending.take(state, sessionToken: "another cookie", now: now) == nil, "another session's state")
            let other = try await pending.start(.init(sessionToken: "cookie", verifier: "w", connectionName: "Prod", loginHost: .production), now: now)
            let taken = try #require(try await pending.take(other, sessionToken: "cookie", now: now))
            #expect(taken.signIn.verifier == "w" && taken.loginHost == .production && taken.signIn.connectionID == nil)
            #expect(try await pending.take(other, sessionToken: "cookie", now: now) == nil, "a state is used once")
            let late = try await pending.start(.init(sessionToken: "cookie", verifier: "x", connectionName: "Prod", loginHost: .sandbox), now: now)
            #expect(try await pending.take(late, sessionToken: "cookie", now: now.addingTimeInterval(601)) == nil, "expired")
        }
    }

    /// Two processes on one PostgreSQL database are two stores on one set of tables: what one
    /// writes, the other reads.
    @Test(.enabled(if: Backend.postgresURL != nil, "TRIBUTARY_TEST_POSTGRES_URL is unset"))
    func twoStoresOnOneDatabaseShareEverything() async throws {
        let warehouse = try await makePostgresWarehouse()
        let a = try await AppStore.postgres(warehouse)
        let b = try await AppStore.postgres(warehouse)  // migrations already applied: a no-op
        let ada = try await a.accounts.addUser(email: "ada@example.com", password: "correct horse battery", role: .admin)
        let (token, _) = try await a.accounts.startSession(for: ada)
        #expect(Self.same(try await b.accounts.session(token: token)?.user, ada))
        let throttleA = SignInThrottle(store: a.signIns, limit: 2, window: 60)
        let throttleB = SignInThrottle(store: b.signIns, limit: 2, window: 60)
        try await throttleA.recordFailure(["email:ada@example.com"])
        try await throttleB.recordFailure(["email:ada@example.com"])
        #expect(try await throttleA.isBlocked(["email:ada@example.com"]))
        let state = try await PendingSignIns(store: a.signIns).start(.init(sessionToken: token, verifier: "v", connectionName: "Prod", loginHost: .sandbox))
        #expect(try await PendingSignIns(store: b.signIns).take(state, sessionToken: token) != nil, "the callback may reach the other replica")
        try await a.check()
        await warehouse.close()
    }

    /// The PostgreSQL store's tables sit beside the warehouse's, but a report (the report login)
    /// reads none of them.
    @Test(.enabled(if: Backend.postgresURL != nil, "TRIBUTARY_TEST_POSTGRES_URL is unset"))
    func aReportCannotReadTheStore() async throws {
        let warehouse = try await makePostgresWarehouse()
        let store = try await AppStore.postgres(warehouse)
        _ = try await store.accounts.addUser(email: "ada@example.com", password: "correct horse battery", role: .admin)
        for sql in ["SELECT email, password_hash FROM tributary_users", "SELECT * FROM tributary_sessions", "SELECT * FROM tributary_api_keys",
                    "SELECT * FROM tributary_sign_in_failures", "SELECT * FROM tributary_pending_sign_ins"] {
            do {
                let result = try await warehouse.reportUnchecked(sql, limit: 10, timeout: .seconds(5))
                Issue.record("\(sql) returned \(result.rows)")
            } catch let error as WarehouseError {
                #expect(error.isReportProblem, "\(sql): \(error)")
            }
        }
        await warehouse.close()
    }
}
