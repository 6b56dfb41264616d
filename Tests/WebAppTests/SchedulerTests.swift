import Foundation
import HTTPTypes
import Sync
import Synchronization
import Testing
import Warehouse

@testable import WebApp

/// The schedule lives in the metadata: a restart neither repeats nor skips a cycle, and a cycle
/// a stopped process left running is finished by the next one.
@Suite(.serialized) struct SchedulerTests {
    final class Clock: Sendable {
        let now = Mutex(Date())
        func advance(minutes: Double) { now.withLock { $0 = $0.addingTimeInterval(minutes * 60) } }
    }

    @Test func scheduleCarriesAcrossRestartsAndInterruptedCyclesResume() async throws {
        try await WebAppHarness.withApp(sandbox: true) { h, _ in
            var record = try await h.connect()
            let id = try #require(record.id)
            record.updateEveryMinutes = 60
            record = try await h.warehouse.metadata.saveConnection(record)
            let clock = Clock()
            let scheduler = { Scheduler(runner: h.app.runner, clock: { clock.now.withLock { $0 } }, logger: h.app.logger) }

            // A new connection's first cycle starts at the first tick.
            #expect(try await scheduler().tick() == ["Acme"])
            // Never two at once.
            #expect(try await scheduler().tick() == [])
            try await h.waitForCycles(id)
            let first = try #require(try await h.warehouse.metadata.lastWholeCycle(connectionID: id))
            #expect(first.status == .succeeded)

            // "Restarted" 10 minutes later: not due. 61 minutes later: due.
            clock.advance(minutes: 10)
            let restarted = scheduler()
            try await restarted.recover()
            #expect(try await restarted.tick() == [])
            clock.advance(minutes: 51)
            #expect(try await restarted.tick() == ["Acme"])
            try await h.waitForCycles(id)

            // A process stopped mid-cycle: its cycle is still "running" in the metadata.
            let orphan = try await h.warehouse.metadata.startCycle(connectionID: id, at: clock.now.withLock { $0 })
            _ = try await h.warehouse.workQueue.enqueue(connectionID: id, cycleID: orphan.id, table: "sf_lead", plan: "{}")
            #expect(try await restarted.tick() == [])
            // While it is silent for less than `silentAfter` it may be another machine's: left alone.
            clock.advance(minutes: 1)
            let afterCrash = scheduler()
            try await afterCrash.recover()
            #expect(try await h.warehouse.metadata.latestCycles(connectionID: id, limit: 1).first?.status == .running)
            // A beat keeps it alive; silence past `silentAfter` does not.
            try await h.warehouse.metadata.beatCycle(id: orphan.id, at: clock.now.withLock { $0 })
            clock.advance(minutes: 1.5)
            try await afterCrash.recover()
            #expect(try await h.warehouse.metadata.latestCycles(connectionID: id, limit: 1).first?.status == .running)
            clock.advance(minutes: 1)
            try await afterCrash.recover()
            let marked = try await h.warehouse.metadata.latestCycles(connectionID: id, limit: 5).first { $0.id == orphan.id }
            #expect(marked?.status == .failed)
            #expect(marked?.error == UpdateSchedule.interruptedReason)
            // Its job no worker took is cancelled: the resumed cycle queues the table again.
            #expect(try await h.warehouse.workQueue.jobs(cycleID: orphan.id).map(\.state) == [.failed])
            // The stored end time is rounded to the millisecond, so half the time it lies a
            // fraction after this frozen clock; a real tick always comes later than that.
            clock.advance(minutes: 1.0 / 60)
            #expect(try await afterCrash.tick() == ["Acme"])
            try await h.waitForCycles(id)
            #expect(try await h.warehouse.metadata.lastWholeCycle(connectionID: id)?.status == .succeeded)
        }
    }

    @Test func aCycleAliveInAnotherProcessHoldsForceUpdateAndTheSchedule() async throws {
        try await WebAppHarness.withApp(sandbox: true) { h, client in
            try await h.store.accounts.addUser(email: "ada@example.com", password: "correct horse 1", role: .admin)
            var browser = Browser()
            try await browser.signIn(client, email: "ada@example.com", password: "correct horse 1")
            let record = try await h.connect()
            let id = try #require(record.id)
            // Another machine's serve, sharing the metadata, runs a whole cycle and beats.
            let elsewhere = try #require(try await h.warehouse.metadata.startCycle(
                connectionID: id, at: Date(), objects: nil, owner: "elsewhere.example:4242", interruptedReason: "-", isAlive: { _ in true })).cycle
            #expect(try await h.app.runner.startUnlessRunningElsewhere(record) == false)
            #expect(try await Scheduler(runner: h.app.runner, logger: h.app.logger).tick() == [])
            #expect(try await h.warehouse.metadata.runningCycles().map(\.id) == [elsewhere.id])
            // What runs is the cycles' answer, not this process's memory: the pages say so too.
            #expect(try await h.app.runner.isRunning(id))
            let (_, page, _) = try await browser.get(client, "/connections")
            #expect(page.contains("Syncing"), "a cycle another process runs must show on the Connections page")
            let (_, api, _) = try await browser.get(client, "/api/v1/connections")
            #expect(api.contains(#""status":"syncing""#))
            // Once it has finished there, Force update starts one here.
            try await h.warehouse.metadata.finishCycle(id: elsewhere.id, status: .succeeded, error: nil, apiCalls: 0, at: Date())
            #expect(try await h.app.runner.startUnlessRunningElsewhere(record))
            try await h.waitForCycles(id)
            #expect(try await h.warehouse.metadata.lastWholeCycle(connectionID: id)?.id != elsewhere.id)
        }
    }

    @Test func blackoutHoursHoldTheScheduleButNotForceUpdate() async throws {
        try await WebAppHarness.withApp(sandbox: true) { h, _ in
            var record = try await h.connect()
            let id = try #require(record.id)
            let hour = Calendar(identifier: .gregorian).dateComponents(in: TimeZone(identifier: "UTC") ?? .current, from: Date()).hour ?? 0
            record.blackout = BlackoutHours(start: hour, end: (hour + 1) % 24)
            record = try await h.warehouse.metadata.saveConnection(record)
            let scheduler = Scheduler(runner: h.app.runner, logger: h.app.logger)
            #expect(try await scheduler.tick() == [])
            #expect(h.app.runner.start(record))
            #expect(!h.app.runner.start(record), "a second Force update while one runs must say so")
            try await h.waitForCycles(id)
            #expect(try await h.warehouse.metadata.lastWholeCycle(connectionID: id)?.status == .succeeded)
        }
    }

    @Test func scheduleFormSavesAndRefusesBadValues() async throws {
        try await WebAppHarness.withApp(sandbox: true) { h, client in
            try await h.store.accounts.addUser(email: "ada@example.com", password: "correct horse 1", role: .admin)
            var browser = Browser()
            try await browser.signIn(client, email: "ada@example.com", password: "correct horse 1")
            let id = try #require(try await h.connect().id)
            _ = try await browser.get(client, "/connections/\(id)/settings")
            let good = [("every", "30"), ("share", "40"), ("blackout_start", "22"), ("blackout_end", "5"), ("notify_email", "ops@example.com"), ("notify_webhook", "")]
            for (field, value, message) in [("every", "2", "minutes"), ("share", "0", "percentage"), ("blackout_end", "", "Blackout"),
                                            ("notify_email", "nobody", "email"), ("notify_webhook", "ftp://x", "webhook")] {
                let form = good.map { $0.0 == field ? ($0.0, value) : $0 }
                let (status, page, _) = try await browser.post(client, "/connections/\(id)/settings", form)
                #expect(status == .badRequest && page.contains(message), "\(field)=\(value)")
            }
            #expect(try await browser.post(client, "/connections/\(id)/settings", good).0 == .seeOther)
            let saved = try #require(try await h.warehouse.metadata.connection(id: id))
            #expect(saved.updateEveryMinutes == 30 && saved.apiShare == 0.4 && saved.blackout == BlackoutHours(start: 22, end: 5))
            #expect(saved.notifyEmail == "ops@example.com" && saved.notifyWebhook == nil)
        }
    }
}
