import Foundation
@testable import Sync
import Testing
import Warehouse
import WarehouseTestSupport

/// Whether a running cycle's process still runs it.
@Suite struct CycleOwnerTests {
    let now = Date(timeIntervalSince1970: 1_800_000_000)

    func cycle(owner: String?, beat secondsAgo: Double) -> CycleRecord {
        CycleRecord(id: 1, connectionID: 1, startedAt: now.addingTimeInterval(-3600), owner: owner, heartbeatAt: now.addingTimeInterval(-secondsAgo))
    }

    @Test func aliveWhileItBeatsAndItsProcessRuns() async throws {
        let host = ProcessInfo.processInfo.hostName
        // This process: alive while it runs the cycle, however long since its last beat; dead once it has ended it.
        let own = CycleRecord(id: 987_654_321, connectionID: 987_654_321, startedAt: now.addingTimeInterval(-3600), owner: CycleOwner.current,
                              heartbeatAt: now.addingTimeInterval(-UpdateSchedule.silentAfter * 10))
        #expect(!CycleOwner.isAlive(own, now: now))
        // While a start of a cycle of its connection is in progress, a scheduler counts it alive,
        // the starting cycle's own check does not.
        CycleOwner.starting(own.connectionID)
        #expect(CycleOwner.isAlive(own, now: now))
        #expect(!CycleOwner.isAlive(own, now: now, countingStarts: false))
        CycleOwner.started(own.connectionID, cycle: own.id)
        #expect(CycleOwner.isAlive(own, now: now, countingStarts: false))
        CycleOwner.ended(own.id)
        #expect(!CycleOwner.isAlive(own, now: now))
        // A process of this machine that has exited: dead at once, beats or not.
        let exited = try ChildProcess.start("/bin/true", [])
        try await exited.waitForExit()
        #expect(!CycleOwner.isAlive(cycle(owner: "\(host):\(exited.pid):\(CycleOwner.pidSpace ?? "")", beat: 1), now: now))
        // The same host name and pid in another pid space (another container): judged by its beats.
        #expect(CycleOwner.isAlive(cycle(owner: "\(host):\(exited.pid):other-space", beat: 1), now: now))
        // Another machine's process, and a cycle of no named process: judged by the beats alone.
        #expect(CycleOwner.isAlive(cycle(owner: "elsewhere.example:1", beat: 60), now: now))
        #expect(!CycleOwner.isAlive(cycle(owner: "elsewhere.example:1", beat: UpdateSchedule.silentAfter + 1), now: now))
        #expect(CycleOwner.isAlive(cycle(owner: nil, beat: 60), now: now))
    }
}
