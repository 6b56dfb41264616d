import ArgumentParser
import Foundation
import Sync
import Warehouse

/// `tributary status`: each connection and, per table, method, rows, last cycle and errors.
struct StatusCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "status", abstract: "Show connections and their tables.")

    @Option(help: "Only this connection.") var connection: String?
    @Flag(help: "Also list the objects that are skipped, with the reason.") var skipped = false
    @OptionGroup var data: DataOptions

    func run() async throws {
        let warehouse = try await data.openWarehouse()
        let metadata = warehouse.metadata
        var connections = try await metadata.connections()
        if let connection {
            connections = connections.filter { $0.name == connection }
            guard !connections.isEmpty else { throw ValidationError("no connection named '\(connection)'") }
        }
        if connections.isEmpty { print("No connections yet. Run `tributary connect salesforce --help`.") }
        for record in connections {
            // Whether a cycle runs is the cycles' answer, in whichever process runs it.
            var running: CycleRecord?
            if let id = record.id { running = try await warehouse.liveWholeCycle(connectionID: id) }
            let status = running.map { "syncing (cycle \($0.id) began \(Self.format($0.startedAt)))" } ?? record.status.rawValue
            print("\(record.name): \(status)\(record.lastError.map { " — \($0)" } ?? "")")
            print("  org \(record.organizationID ?? "?") as \(record.username ?? "?") at \(record.instanceURL ?? "?")")
            print("  Last successful update began: \(Self.format(record.lastSuccessfulUpdateBegan))")
            print("  Last data point received:     \(Self.format(record.lastDataPointReceived))")
            for warning in record.access?.warnings(reconcilesAnyway: record.reconcileWithoutViewAllData) ?? [] { print("  Warning: \(warning)") }
            guard let connectionID = record.id else { continue }
            let cycles = try await metadata.latestCycles(connectionID: connectionID, limit: 1)
            var results: [String: CycleTableRecord] = [:]
            if let last = cycles.first {
                print("  Last cycle \(last.id): \(last.status.rawValue), began \(Self.format(last.startedAt)), \(last.apiCalls) API calls")
                for r in try await metadata.tableResults(cycleID: last.id) { results[r.table] = r }
            }
            var rows: [[String]] = [["table", "method", "key", "rows", "last cycle", "API calls", "error"]]
            let settings = try await metadata.tableSettings(connectionID: connectionID).sorted { $0.table < $1.table }
            for s in settings where s.skipReason == nil {
                let count = (try? await warehouse.rowCount(s.table)) ?? 0
                let r = results[s.table]
                rows.append([s.table, s.selected ? s.method.rawValue : "unsynced", s.replicationKey ?? "-", "\(count)",
                             r.map { "\($0.status.rawValue) +\($0.inserted) ~\($0.updated) -\($0.deleted)" } ?? "-",
                             r.map { "\($0.apiCalls)" } ?? "-", r?.error ?? ""])
            }
            print(TextTable.render(rows).split(separator: "\n").map { "  " + $0 }.joined(separator: "\n"))
            if skipped {
                for s in settings { if let reason = s.skipReason { print("  skipped \(s.object): \(reason)") } }
            }
        }
    }

    static func format(_ date: Date?) -> String {
        guard let date else { return "never" }
        return ISO8601DateFormatter().string(from: date)
    }
}
