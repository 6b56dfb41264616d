import ArgumentParser
import Foundation
import Sync
import Warehouse
import Synchronization

/// `tributary sync`: one update cycle, with progress while it runs and a summary at the end.
struct SyncCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "sync", abstract: "Run one update cycle of a connection.")

    @Option(help: "The connection (default: the first one).") var connection: String?
    @Option(help: "Only these objects, comma-separated API names (Account,Opportunity).") var objects: String?
    @Flag(help: "Copy every selected table from the beginning, and find rows deleted since.") var full = false
    @Option(help: "Tables synced at once.") var concurrency = 4
    @Option(help: "Records to move at or above which a table goes through Bulk API 2.0.") var bulkThreshold = 10_000
    @Option(help: "Records per Bulk API 2.0 result page (default: Salesforce's choice).") var bulkPageRecords: Int?
    @Option(help: "Rows per load transaction on the Bulk path, at most (a chunk also ends at about 2 MB).") var chunkRows = 10_000
    @Option(help: "Minutes each incremental window re-reads before the last one's end.") var lookbackMinutes = 5
    @Flag(help: "Leave the tables to `tributary worker`s (PostgreSQL warehouse only) and wait for them.") var workersOnly = false
    @Flag(help: "Ask which tables changed without first waiting (up to a minute) for the cycle's minute to end; a change made in that minute to a table with no other change is then the next cycle's.")
    var noProbeWait = false
    @Option(help: "Seconds a table job's lease lasts without a heartbeat.") var leaseSeconds = 30
    @OptionGroup var data: DataOptions

    func validate() throws {
        guard (1...32).contains(concurrency) else { throw ValidationError("--concurrency must be between 1 and 32") }
        if let bulkPageRecords, bulkPageRecords < 1 { throw ValidationError("--bulk-page-records must be positive") }
        guard chunkRows >= 1 else { throw ValidationError("--chunk-rows must be positive") }
        guard bulkThreshold >= 0 else { throw ValidationError("--bulk-threshold must not be negative") }
        guard (3...3_600).contains(leaseSeconds) else { throw ValidationError("--lease-seconds must be between 3 and 3600") }
        guard (0...1_440).contains(lookbackMinutes) else { throw ValidationError("--lookback-minutes must be between 0 and 1440") }
        if let objects, objects.split(separator: ",").contains(where: { !$0.allSatisfy { $0.isLetter || $0.isNumber || $0 == "_" } }) {
            throw ValidationError("--objects takes API names separated by commas, such as Account,Opportunity (got '\(objects)')")
        }
    }

    func run() async throws {
        var options = SyncOptions()
        options.objects = objects?.split(separator: ",").map { String($0) }
        options.full = full
        options.concurrency = concurrency
        options.bulkThreshold = bulkThreshold
        options.bulkPageRecords = bulkPageRecords
        options.chunkRows = chunkRows
        options.lookbackSeconds = Int64(lookbackMinutes * 60)
        options.runsJobs = !workersOnly
        options.probeWaitsForMinute = !noProbeWait
        options.leaseSeconds = Double(leaseSeconds)
        let progress = ProgressPrinter(live: isatty(STDOUT_FILENO) == 1)
        let result = try await withService(data) { service in
            let record = try await service.connection(named: connection)
            progress.line("Update cycle of '\(record.name)' (\(record.instanceURL ?? "?"))")
            return try await service.sync(record, options: options) { progress.show($0) }
        }
        progress.finish()
        print(CycleSummary.render(result))
        if result.status != .succeeded { throw ExitCode(result.status == .partial ? 2 : 1) }
    }
}

/// Progress lines: rewritten in place on a terminal, one line per event otherwise.
final class ProgressPrinter: Sendable {
    let live: Bool
    private let rows = Mutex<[String: Int]>([:])

    init(live: Bool) { self.live = live }

    func line(_ text: String) { write((live ? "\r\u{1B}[K" : "") + text + "\n") }

    /// Unbuffered, so a live line shows at once (and stdout is shared mutable state in Swift 6).
    private func write(_ text: String) { FileHandle.standardOutput.write(Data(text.utf8)) }

    func show(_ event: SyncEvent) {
        switch event {
        case .structureSynced(let tables, let skipped):
            line("Structure: \(tables) tables to sync, \(skipped) objects skipped")
        case .tableStarted, .apiCalls:
            break
        case .rowsLoaded(let table, let count, let path):
            let total = rows.withLock { $0[table] = count; return $0.values.reduce(0, +) }
            if live { write("\r\u{1B}[K  \(table): \(count) rows (\(path))  ·  \(total) rows in all") }
        case .tableFinished(let result):
            let note = result.error.map { " — \($0)" } ?? ""
            line("  \(result.table): \(result.status.rawValue), +\(result.inserted) ~\(result.updated) -\(result.deleted) (\(result.path), \(result.apiCalls) API calls)\(note)")
        }
    }

    func finish() { if live { write("\r\u{1B}[K") } }
}

/// The table printed at the end of a cycle.
enum CycleSummary {
    static func render(_ result: CycleResult) -> String {
        let seconds = result.endedAt.timeIntervalSince(result.startedAt)
        var rows: [[String]] = [["table", "method", "path", "inserted", "updated", "deleted", "API calls", "status"]]
        for t in result.tables {
            rows.append([t.table, t.method, t.path, "\(t.inserted)", "\(t.updated)", "\(t.deleted)", "\(t.apiCalls)", t.status.rawValue])
        }
        var out = TextTable.render(rows)
        out += "\nCycle \(result.cycleID): \(result.status.rawValue) in \(String(format: "%.1f", seconds)) s, \(result.apiCalls) API calls"
        if !result.skippedObjects.isEmpty { out += ", \(result.skippedObjects.count) objects skipped (tributary status --skipped)" }
        if let error = result.error { out += "\n" + error }
        return out
    }
}

/// Left-aligned text columns; numbers right-aligned.
enum TextTable {
    static func render(_ rows: [[String]]) -> String {
        guard let header = rows.first else { return "" }
        let widths = header.indices.map { i in rows.map { $0.indices.contains(i) ? $0[i].count : 0 }.max() ?? 0 }
        return rows.map { row in
            row.enumerated().map { i, cell in
                let pad = String(repeating: " ", count: widths[i] - cell.count)
                return cell.first?.isNumber == true && cell.allSatisfy({ $0.isNumber }) ? pad + cell : cell + pad
            }.joined(separator: "  ")
        }.joined(separator: "\n")
    }
}
