import Foundation
import Sync
import Testing
import Warehouse

/// When scheduled cycles are due: interval, retries, interruptions, blackout hours.
@Suite struct UpdateScheduleTests {
    let noon = Date(timeIntervalSince1970: 1_767_312_000 + 12 * 3600)  // 2026-01-02 12:00 UTC

    func connection(every minutes: Int = 60, blackout: BlackoutHours? = nil, status: ConnectionRecord.Status = .connected) -> ConnectionRecord {
        ConnectionRecord(id: 1, name: "c", loginURL: "https://login.salesforce.com", authKind: .oauth, secretsCiphertext: Data([1]),
                         status: status, updateEveryMinutes: minutes, blackout: blackout)
    }

    func cycle(_ status: CycleStatus, startedMinutesAgo minutes: Double, error: String? = nil) -> CycleRecord {
        let start = noon.addingTimeInterval(-minutes * 60)
        return CycleRecord(id: 1, connectionID: 1, startedAt: start, endedAt: status == .running ? nil : start.addingTimeInterval(30),
                           status: status, error: error)
    }

    @Test func aNewConnectionIsDueAtOnce() {
        #expect(UpdateSchedule.isDue(connection(), lastCycle: nil, now: noon))
    }

    @Test func theIntervalCountsFromTheLastStart() {
        #expect(!UpdateSchedule.isDue(connection(), lastCycle: cycle(.succeeded, startedMinutesAgo: 59), now: noon))
        #expect(UpdateSchedule.isDue(connection(), lastCycle: cycle(.succeeded, startedMinutesAgo: 60), now: noon))
        #expect(!UpdateSchedule.isDue(connection(every: 240), lastCycle: cycle(.succeeded, startedMinutesAgo: 200), now: noon))
        #expect(UpdateSchedule.isDue(connection(), lastCycle: cycle(.stoppedQuota, startedMinutesAgo: 61), now: noon))
    }

    @Test func aRunningCycleIsNeverDoubled() {
        #expect(!UpdateSchedule.isDue(connection(every: 5), lastCycle: cycle(.running, startedMinutesAgo: 600), now: noon))
    }

    @Test func failuresAreRetriedSoonerAndInterruptionsAtOnce() {
        #expect(!UpdateSchedule.isDue(connection(), lastCycle: cycle(.failed, startedMinutesAgo: 10), now: noon))
        #expect(UpdateSchedule.isDue(connection(), lastCycle: cycle(.partial, startedMinutesAgo: 16), now: noon))
        #expect(UpdateSchedule.isDue(connection(), lastCycle: cycle(.failed, startedMinutesAgo: 1, error: UpdateSchedule.interruptedReason), now: noon))
    }

    @Test func blackoutHoursHoldScheduledStarts() throws {
        let night = try #require(BlackoutHours(start: 22, end: 6))
        #expect(night.contains(hour: 23) && night.contains(hour: 0) && night.contains(hour: 5))
        #expect(!night.contains(hour: 6) && !night.contains(hour: 21))
        let lunch = try #require(BlackoutHours(start: 12, end: 13))
        #expect(!UpdateSchedule.isDue(connection(blackout: lunch), lastCycle: nil, now: noon))
        #expect(UpdateSchedule.isDue(connection(blackout: lunch), lastCycle: nil, now: noon.addingTimeInterval(3600)))
        #expect(UpdateSchedule.isDue(connection(blackout: night), lastCycle: nil, now: noon))
        #expect(BlackoutHours(start: 3, end: 3) == nil && BlackoutHours(start: 24, end: 1) == nil)
    }

    @Test func connectionsThatCannotSyncAreNotScheduled() {
        #expect(!UpdateSchedule.isDue(connection(status: .reauthenticationRequired), lastCycle: nil, now: noon))
        var unsealed = connection()
        unsealed.secretsCiphertext = nil
        #expect(!UpdateSchedule.isDue(unsealed, lastCycle: nil, now: noon))
    }
}
