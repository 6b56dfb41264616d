import Foundation
import Synchronization
import Warehouse

/// Which process runs a cycle, and whether that process still runs it.
///
/// An owner is `host:pid:space`, where `space` names the kernel's boot and the process-id
/// namespace, so two containers that share a hostname never take each other's pids for their
/// own. A cycle is alive:
/// - of this process: while this process runs it (`running`), beats or not;
/// - of another process in the same pid space: while that process exists and beats;
/// - of another machine or container: while it beats (`UpdateSchedule.silentAfter`).
/// So a restart or a `sync` after a crash resumes at once, and a live cycle is never taken
/// for dead by its own process when the database was slow to take its beats.
public enum CycleOwner {
    /// This process.
    public static let current = "\(ProcessInfo.processInfo.hostName):\(ProcessInfo.processInfo.processIdentifier):\(pidSpace)"

    /// The boot and the pid namespace of this process (`-` when /proc cannot say).
    static let pidSpace: String = {
        let boot = (try? String(contentsOfFile: "/proc/sys/kernel/random/boot_id", encoding: .utf8))?.prefix(8) ?? "-"
        let namespace = (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/ns/pid"))?
            .filter(\.isNumber) ?? "-"
        return "\(boot)-\(namespace)"
    }()

    /// The ids of the cycles this process runs, counted: a process with two metadata stores
    /// (tests) can run two cycles of one id, and a collision errs towards "alive".
    private static let running = Mutex<[Int64: Int]>([:])

    static func started(_ cycleID: Int64) { running.withLock { $0[cycleID, default: 0] += 1 } }

    static func ended(_ cycleID: Int64) {
        running.withLock { counts in
            counts[cycleID, default: 1] -= 1
            if counts[cycleID] == 0 { counts[cycleID] = nil }
        }
    }

    public static func isAlive(_ cycle: CycleRecord, now: Date) -> Bool {
        if cycle.owner == current { return running.withLock { $0[cycle.id] != nil } }
        let lastSign = cycle.heartbeatAt ?? cycle.startedAt
        guard lastSign >= now.addingTimeInterval(-UpdateSchedule.silentAfter) else { return false }
        let parts = cycle.owner?.split(separator: ":", maxSplits: 2) ?? []
        guard parts.count == 3, parts[0] == ProcessInfo.processInfo.hostName[...], parts[2] == pidSpace[...], pidSpace != "--",
              let pid = Int32(parts[1])
        else { return true }
        return processExists(pid)
    }

    /// Whether a process with this id runs in this pid space (signal 0 checks without sending).
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
