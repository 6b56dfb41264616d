import ArgumentParser
import Foundation
import Logging
import Synchronization
import WebApp

/// The process's log: stderr, at the level `--log-level` or `TRIBUTARY_LOG_LEVEL` names. The
/// sync logs each table's start and end at `info`, and each retry, restart, split and fallback
/// at `notice`, with the connection and table as metadata.
enum LogSetup {
    private static let done = Mutex(false)

    static func bootstrap(flag: String?, environment: [String: String] = ProcessInfo.processInfo.environment) throws {
        let text = flag ?? WebAppConfiguration.environmentSetting("tributary.log.level", environment: environment) ?? "notice"
        guard let level = Logger.Level(rawValue: text.lowercased()) else {
            let names = Logger.Level.allCases.map(\.rawValue).joined(separator: ", ")
            throw ValidationError("--log-level / TRIBUTARY_LOG_LEVEL: '\(text)' is not one of \(names)")
        }
        // Bootstrapping twice traps: the first command's level stands.
        guard done.withLock({ done in defer { done = true }; return !done }) else { return }
        LoggingSystem.bootstrap { label in
            var handler = StreamLogHandler.standardError(label: label)
            handler.logLevel = level
            return handler
        }
    }
}
