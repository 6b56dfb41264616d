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
    public static let current = "\(ProcessInfo.processInfo.hostName):\(ProcessInfo.processInfo.processIdentifier):\(pidSpace ?? "unknown")"

    /// The boot and the pid namespace of this process; nil when /proc cannot say both (pids are
    /// then never compared: the beats decide).
    static let pidSpace: String? = {
        guard let boot = (try? String(contentsOfFile: "/proc/sys/kernel/random/boot_id", encoding: .utf8))?.prefix(8), boot.count == 8,
              let namespace = (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/ns/pid"))?.filter(\.isNumber),
              !namespace.isEmpty
        else { return nil }
        return "\(boot)-\(namespace)"
    }()

    /// What this process runs: cycle ids, counted (a process with two metadata stores, as in
    /// tests, can run two cycles of one id; a collision errs towards "alive"), and starts in
    /// progress per connection (the cycle's row is committed a moment before its id is known).
    private struct Registry {
        var cycles: [Int64: Int] = [:]
        var starting: [Int64: Int] = [:]
    }
    private static let registry = Mutex(Registry())

    static func starting(_ connectionID: Int64) { registry.withLock { $0.starting[connectionID, default: 0] += 1 } }

    /// The start of a cycle of the connection has ended, with the cycle's id when it started.
    static func started(_ connectionID: Int64, cycle cycleID: Int64?) {
        registry.withLock { r in
            if let cycleID { r.cycles[cycleID, default: 0] += 1 }
            r.starting[connectionID, default: 1] -= 1
            if r.starting[connectionID] == 0 { r.starting[connectionID] = nil }
        }
    }

    static func ended(_ cycleID: Int64) {
        registry.withLock { r in
            r.cycles[cycleID, default: 1] -= 1
            if r.cycles[cycleID] == 0 { r.cycles[cycleID] = nil }
        }
    }

    /// - Parameter countingStarts: whether this process's cycles of a connection it is starting a
    ///   cycle of count as alive (a scheduler's view; not the starting cycle's own check).
    public static func isAlive(_ cycle: CycleRecord, now: Date, countingStarts: Bool = true) -> Bool {
        if cycle.owner == current {
            return registry.withLock { r in r.cycles[cycle.id] != nil || (countingStarts && r.starting[cycle.connectionID] != nil) }
        }
        let lastSign = cycle.heartbeatAt ?? cycle.startedAt
        guard lastSign >= now.addingTimeInterval(-UpdateSchedule.silentAfter) else { return false }
        let parts = cycle.owner?.split(separator: ":", maxSplits: 2) ?? []
        guard let pidSpace, parts.count == 3, parts[0] == ProcessInfo.processInfo.hostName[...], parts[2] == pidSpace[...],
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

/// Another process took this cycle for dead and started another; this one stopped, and its
/// outcome is not recorded over the other's.
public struct CycleTakenOver: Error, CustomStringConvertible {
    public let cycleID: Int64
    public var description: String { "update cycle \(cycleID) was taken for dead by another process and stopped; the newer cycle carries on" }
}
