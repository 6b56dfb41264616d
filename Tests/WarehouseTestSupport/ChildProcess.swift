import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A process a test starts (`tributary sync`, `serve`, `worker`…), waited for without holding a
/// thread.
///
/// Why not `Process.waitUntilExit()` or reading a pipe to its end: both block the calling thread,
/// and an async test runs on Swift's cooperative pool, which has one thread per core (two in CI).
/// A child that talks to the sandbox org or the web app served by the test process itself needs
/// those threads to get its answers; with each of them blocked waiting for such a child the whole
/// test run stopped, silently, until CI's time ran out. So the wait polls, and the output goes to a
/// file (a pipe the test does not read would fill and stall the child), read once it has exited.
public struct ChildProcess: Sendable {
    public let process: Process
    /// The file that holds the child's standard output and error (`/dev/null` when not kept).
    public let outputPath: String

    public var pid: Int32 { process.processIdentifier }
    public var isRunning: Bool { process.isRunning }

    /// Starts `executable`; `stdin`, when given, is written to the child's standard input, which is
    /// then closed. `keepOutput: false` sends the output nowhere (children started by the dozen).
    public static func start(_ executable: String, _ arguments: [String], environment: [String: String]? = nil,
                             stdin: String? = nil, keepOutput: Bool = true) throws -> ChildProcess {
        let outputPath = keepOutput ? FileManager.default.temporaryDirectory.appendingPathComponent("child-\(UUID().uuidString).log").path : "/dev/null"
        guard !keepOutput || FileManager.default.createFile(atPath: outputPath, contents: nil) else {
            throw ChildProcessError("cannot create \(outputPath)")
        }
        let output = try FileHandle(forWritingTo: URL(fileURLWithPath: outputPath))
        defer { try? output.close() }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        if let environment { process.environment = environment }
        process.standardOutput = output
        process.standardError = output
        let input = stdin.map { _ in Pipe() }
        if let input { process.standardInput = input }
        try process.run()
        if let input, let stdin {
            // Small inputs only (a password): a pipe holds 64 KiB, so this write never waits.
            input.fileHandleForWriting.write(Data(stdin.utf8))
            try input.fileHandleForWriting.close()
        }
        return ChildProcess(process: process, outputPath: outputPath)
    }

    /// Waits for the child to exit and returns its status; after `limit`, or when the waiting
    /// task is cancelled, kills it and throws.
    @discardableResult
    public func waitForExit(within limit: Duration = .seconds(300)) async throws -> Int32 {
        let deadline = ContinuousClock.now + limit
        while process.isRunning {
            guard ContinuousClock.now < deadline else {
                await killAndWait()
                throw ChildProcessError("\(process.executableURL?.lastPathComponent ?? "child") did not exit within \(limit): \(outputTail())")
            }
            do {
                try await Task.sleep(for: .milliseconds(20))
            } catch {
                await killAndWait()
                throw error
            }
        }
        return process.terminationStatus
    }

    /// What the child has written so far.
    public func output() -> String {
        (try? String(contentsOfFile: outputPath, encoding: .utf8)) ?? ""
    }

    public func outputTail(_ characters: Int = 2_000) -> String {
        String(output().suffix(characters))
    }

    /// SIGKILL, then the wait for its exit (a few milliseconds: it cannot refuse). A cancelled
    /// task's sleep throws at once, so it yields instead rather than spin on a thread.
    public func killAndWait() async {
        if process.isRunning { Glibc.kill(pid, SIGKILL) }
        while process.isRunning {
            do { try await Task.sleep(for: .milliseconds(5)) } catch { await Task.yield() }
        }
    }
}

public struct ChildProcessError: Error, CustomStringConvertible {
    public let description: String
    public init(_ description: String) { self.description = description }
}
