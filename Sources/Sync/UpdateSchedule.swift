import Foundation
import Warehouse

/// When a connection's next scheduled update cycle is due. Pure, so every rule is tested
/// without waiting: the schedule lives in the metadata (the last whole cycle), so it carries
/// across restarts.
public enum UpdateSchedule {
    /// A failed or partial cycle is retried this soon (or at the interval, if that is sooner).
    public static let retryAfterFailure: TimeInterval = 15 * 60

    /// Whether a scheduled cycle should start at `now`, given the last whole cycle (nil: none yet).
    public static func isDue(_ connection: ConnectionRecord, lastCycle: CycleRecord?, now: Date) -> Bool {
        guard connection.status != .reauthenticationRequired, connection.secretsCiphertext != nil else { return false }
        if let blackout = connection.blackout, blackout.contains(hour: hourUTC(now)) { return false }
        guard let due = dueDate(connection, lastCycle: lastCycle) else { return false }
        return now >= due
    }

    /// When the next cycle is due (before blackout hours are applied); nil while one runs.
    public static func dueDate(_ connection: ConnectionRecord, lastCycle: CycleRecord?) -> Date? {
        guard let last = lastCycle else { return .distantPast }
        let interval = TimeInterval(max(1, connection.updateEveryMinutes) * 60)
        switch last.status {
        case .running: return nil
        case .succeeded, .stoppedQuota: return last.startedAt.addingTimeInterval(interval)
        case .failed, .partial:
            // An interrupted cycle (the process stopped) resumes at once from its checkpoints.
            if last.error?.hasPrefix(interruptedReason) == true { return .distantPast }
            return last.startedAt.addingTimeInterval(min(interval, retryAfterFailure))
        }
    }

    /// How often a running cycle's process says it is alive (`MetadataStore.beatCycle`).
    public static let heartbeatEvery: TimeInterval = 30
    /// A `running` cycle silent this long is taken for one whose process stopped.
    public static let silentAfter: TimeInterval = 120

    /// What a cycle that a stopped process left `running` is marked with.
    public static let interruptedReason = "interrupted: Tributary stopped during this cycle"

    static func hourUTC(_ date: Date) -> Int {
        Int((date.timeIntervalSince1970 / 3600).rounded(.down)) % 24
    }
}

extension MetadataStore {
    /// The newest whole update cycle (partial table runs left out).
    public func lastWholeCycle(connectionID: Int64) async throws -> CycleRecord? {
        try await latestCycles(connectionID: connectionID, limit: 50).first { $0.objects == nil }
    }
}
