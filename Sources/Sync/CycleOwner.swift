import Foundation
import Warehouse

/// Which process runs a cycle (`host:pid`), and whether that process still runs it: a cycle is
/// alive while its process beats (`UpdateSchedule.silentAfter`), and a cycle of this machine
/// whose process has exited is dead at once, so a restart or a `sync` after a crash resumes
/// without waiting for the silence. Another machine's process is judged by its beats alone.
public enum CycleOwner {
    /// This process.
    public static let current = "\(ProcessInfo.processInfo.hostName):\(ProcessInfo.processInfo.processIdentifier)"

    public static func isAlive(_ cycle: CycleRecord, now: Date) -> Bool {
        let lastSign = cycle.heartbeatAt ?? cycle.startedAt
        guard lastSign >= now.addingTimeInterval(-UpdateSchedule.silentAfter) else { return false }
        guard let owner = cycle.owner, let colon = owner.lastIndex(of: ":"), let pid = Int32(owner[owner.index(after: colon)...]) else { return true }
        guard owner[..<colon] == ProcessInfo.processInfo.hostName[...] else { return true }
        return processExists(pid)
    }

    /// Whether a process with this id runs on this machine (signal 0 checks without sending).
    static func processExists(_ pid: Int32) -> Bool {
        pid > 0 && (kill(pid, 0) == 0 || errno == EPERM)
    }
}

/// A whole update cycle of the connection is already running in a live process.
public struct CycleAlreadyRunning: Error, CustomStringConvertible {
    public let connectionID: Int64
    public let began: Date
    public let owner: String?

    public var description: String {
        "an update cycle of this connection is already running (began \(ISO8601DateFormatter().string(from: began))\(owner.map { " in \($0)" } ?? "")); it was left to finish"
    }
}
