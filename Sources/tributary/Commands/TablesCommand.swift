import ArgumentParser
import Foundation
import Sync
import Warehouse

/// `tributary tables`: the Data Warehouse Manager from the command line, the same operations
/// as its pages and JSON routes.
struct TablesCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tables", abstract: "See and choose what is synced (the Data Warehouse Manager).",
        subcommands: [List.self, Show.self, Change.self, Check.self])

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Every table of a connection, synced or not.")
        @Option(help: "The connection (default: the first one).") var connection: String?
        @Flag(help: "Only tables that are synced.") var synced = false
        @OptionGroup var data: DataOptions

        func run() async throws {
            try await withService(data) { service in
                let record = try await service.connection(named: connection)
                let tables = try await WarehouseManager(service: service).tables(connectionID: record.id ?? 0)
                var rows = [["table", "object", "method", "key", "rows", "note"]]
                for t in tables where !synced || t.isSynced {
                    let s = t.settings
                    let note = s.skipReason ?? (t.isSynced ? "synced" : s.method == .paused ? "paused" : t.isChosen ? "pending" : "not synced")
                    rows.append([s.table, s.object, s.method.rawValue, s.replicationKey ?? "-", t.rows.map(String.init) ?? "-", note])
                }
                say(TextTable.render(rows))
            }
        }
    }

    struct Show: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "A table's columns: types, status, formula, recheck frequency.")
        @Argument(help: "The table, e.g. sf_lead.") var table: String
        @Option(help: "The connection (default: the first one).") var connection: String?
        @OptionGroup var data: DataOptions

        func run() async throws {
            try await withService(data) { service in
                let record = try await service.connection(named: connection)
                let detail = try await WarehouseManager(service: service).table(connectionID: record.id ?? 0, table: table)
                let s = detail.table.settings
                say("\(s.table) (\(s.object)): \(s.method.rawValue)\(s.method == .fullTable ? "" : s.replicationKey.map { " on \($0)" } ?? ""), \(detail.table.rows.map { "\($0) rows" } ?? "not in the warehouse")")
                var rows = [["column", "salesforce type", "warehouse type", "status", "formula", "recheck"]]
                for c in detail.columns {
                    rows.append([c.source.column + (c.required ? " *" : ""), c.source.salesforceType, c.source.warehouseType.rawValue, c.status.rawValue,
                                 c.source.isFormula ? "formula" : "", c.source.isFormula ? c.recheckFrequency.rawValue : "-"])
                }
                say(TextTable.render(rows))
                say("* always synced (primary or replication key)")
            }
        }
    }

    struct Change: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "set", abstract: "Change a table: what is synced, the replication method, recheck frequencies.",
            discussion: "Removing columns or the table drops them from the warehouse; without --yes the command lists what depends on them and changes nothing.")
        @Argument(help: "The table, e.g. sf_lead.") var table: String
        @Option(help: "The connection (default: the first one).") var connection: String?
        @Option(help: "modifiedAt, addDate, fullTable or paused.") var method: String?
        @Option(help: "The replication key's field (modifiedAt, addDate), e.g. SystemModstamp.") var key: String?
        @Option(help: "Columns to sync, comma-separated.") var sync: String?
        @Option(help: "Columns to stop syncing, comma-separated.") var unsync: String?
        @Option(help: "Recheck frequencies, e.g. days_open__c=always,score__c=weekly.") var recheck: String?
        @Flag(help: "Stop syncing the whole table (drops it).") var remove = false
        @Flag(help: "Sync the table (again).") var add = false
        @Flag(help: "Confirm removals.") var yes = false
        @OptionGroup var data: DataOptions

        func validate() throws {
            if let method, ReplicationMethod(rawValue: method) == nil { throw ValidationError("--method must be modifiedAt, addDate, fullTable or paused") }
            if remove && add { throw ValidationError("--remove and --add contradict each other") }
            _ = try recheckFrequencies()
        }

        func recheckFrequencies() throws -> [String: RecheckFrequency]? {
            guard let recheck else { return nil }
            var out: [String: RecheckFrequency] = [:]
            for pair in recheck.split(separator: ",") {
                let parts = pair.split(separator: "=")
                guard parts.count == 2, let frequency = RecheckFrequency(rawValue: String(parts[1])) else {
                    throw ValidationError("--recheck takes column=frequency pairs (always, daily, weekly, monthly, once); got '\(pair)'")
                }
                out[String(parts[0]).lowercased()] = frequency
            }
            return out
        }

        func run() async throws {
            var columns: [String: Bool] = [:]
            for name in (sync ?? "").split(separator: ",") { columns[name.lowercased()] = true }
            for name in (unsync ?? "").split(separator: ",") { columns[name.lowercased()] = false }
            let change = TableChange(selected: remove ? false : add ? true : nil, method: method.flatMap(ReplicationMethod.init(rawValue:)),
                                     replicationKey: key, columns: columns.isEmpty ? nil : columns, recheck: try recheckFrequencies())
            try await withService(data) { service in
                let record = try await service.connection(named: connection)
                let outcome: SaveOutcome
                do {
                    outcome = try await WarehouseManager(service: service).save(connectionID: record.id ?? 0, table: table, change: change, confirmed: yes)
                } catch let error as ManagerError {
                    throw ValidationError(error.description)
                }
                guard outcome.saved else {
                    say("This removes \(outcome.removedTable ? "the table \(table)" : outcome.removedColumns.joined(separator: ", ")) from the warehouse.")
                    if !outcome.dependents.isEmpty { say("These read them: " + outcome.dependents.joined(separator: "; ")) }
                    say("Run again with --yes to go ahead.")
                    throw ExitCode(3)
                }
                say("Saved \(table)." + (outcome.removedColumns.isEmpty ? "" : " Removed: \(outcome.removedColumns.joined(separator: ", ")).")
                    + " The next update cycle applies it (tributary sync).")
            }
        }
    }

    struct Check: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Check for new tables and columns (a structure sync; nothing is loaded).")
        @Option(help: "The connection (default: the first one).") var connection: String?
        @OptionGroup var data: DataOptions

        func run() async throws {
            var options = SyncOptions()
            options.structureOnly = true
            let result = try await withService(data) { service in
                try await service.sync(try await service.connection(named: connection), options: options)
            }
            say("Checked: \(result.skippedObjects.count) objects cannot be synced; \(result.apiCalls) API calls. `tributary tables list` shows the tables.")
            if result.status != .succeeded { throw ExitCode(1) }
        }
    }
}
