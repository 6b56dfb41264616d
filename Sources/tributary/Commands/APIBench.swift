import ArgumentParser
import AsyncHTTPClient
import Foundation
import Rows
import SalesforceKit
import Sync
import Warehouse

/// `tributary bench api`: the API calls of the update cycle's scenarios (issue 16), counted by
/// the sandbox org under `/services/data/` (OAuth excluded), for the cycle as it plans its calls
/// (describes only when the schema changed, the change probe) and without those plans, each
/// into a fresh warehouse. After each scenario the changed objects are compared with the org.
struct APIBench: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "api",
        abstract: "Print the API calls of a first full sync, a cycle with no changes and a cycle after 50 creates, 50 updates and 20 deletes in three objects.")

    @Option(help: "Sandbox org scale (about 10,000 records per unit).") var scale = 1
    @Option(help: "Small custom objects added to the org (Extra001__c …; 280 makes 300 objects).") var extraObjects = 0
    @Option(help: "Directory for the benchmark's warehouses (emptied first).") var dataDir = "data/bench-api"

    func validate() throws {
        guard (1...1_000).contains(scale) else { throw ValidationError("--scale must be between 1 and 1000") }
        guard (0...3_000).contains(extraObjects) else { throw ValidationError("--extra-objects must be between 0 and 3000") }
    }

    /// One way of planning a cycle's calls.
    struct Plan {
        var name: String
        var economical: Bool
    }

    func run() async throws {
        try? FileManager.default.removeItem(atPath: dataDir)
        try FileManager.default.createDirectory(atPath: dataDir, withIntermediateDirectories: true)
        let http = HTTPClient(eventLoopGroupProvider: .singleton)
        do {
            var rows: [[String]] = []
            let plans = [Plan(name: "every describe and window read", economical: false),
                         Plan(name: "schema cache and change probe", economical: true)]
            for (index, plan) in plans.enumerated() {
                // A fresh org for each plan: another plan's changes, minutes old, would be read
                // again by this one's windows (their lookback), as any recent change is.
                let org = try ChildSandbox.start(scale: scale, extraObjects: extraObjects, directory: dataDir + "/sandbox-\(index)")
                defer { org.stop() }
                print("\n\(plan.name): sandbox org (scale \(scale), \(extraObjects) extra objects) at \(org.url), in its own process")
                let calls = try await scenarios(plan, org: org, http: http, directory: dataDir + "/warehouse-\(index)")
                for (row, count) in calls.enumerated() {
                    if rows.count <= row { rows.append([Self.scenarios[row]]) }
                    rows[row].append(String(count))
                }
            }
            print("\nAPI calls (the org's count under /services/data/, OAuth excluded), scale \(scale), \(extraObjects) extra objects:")
            let header = ["scenario"] + plans.map(\.name)
            let widths = header.indices.map { column in ([header] + rows).map { $0[column].count }.max() ?? 0 }
            for line in [header] + rows {
                print(line.enumerated().map { $0.element.padding(toLength: widths[$0.offset], withPad: " ", startingAt: 0) }.joined(separator: "  "))
            }
            try await http.shutdown()
        } catch {
            try? await http.shutdown()
            throw error
        }
    }

    static let scenarios = ["first full sync", "a cycle with no changes", "after 50 creates, 50 updates, 20 deletes in three objects"]

    /// The three scenarios into a fresh warehouse: the org's count of calls for each.
    private func scenarios(_ plan: Plan, org: ChildSandbox, http: HTTPClient, directory: String) async throws -> [Int] {
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let service = ConnectionService(warehouse: try SQLiteWarehouse(path: directory + "/tributary.sqlite"),
                                        secrets: try DataOptions.secretBox(dataDir: directory), http: http)
        let record = try await service.connect(
            name: "bench", loginHost: try .localSandbox(org.url), clientID: org.clientID, clientSecret: org.clientSecret,
            credentials: .password(username: org.username, password: org.password))
        var options = SyncOptions()
        options.reusesDescribes = plan.economical
        options.probeChanges = plan.economical
        // Every change made before a cycle begins is in it: the probe waits for the minute to end.
        options.probeWaitsForMinute = true
        var calls: [Int] = []
        func cycle(_ name: String) async throws -> CycleResult {
            let before = try await org.apiCalls(http)
            let result = try await service.sync(record, options: options)
            let counted = try await org.apiCalls(http) - before
            calls.append(counted)
            let moved = result.tables.reduce(0) { $0 + $1.inserted + $1.updated }
            let deleted = result.tables.reduce(0) { $0 + $1.deleted }
            print("  \(name): \(counted) calls, \(moved) rows, \(deleted) deletes, status \(result.status.rawValue)")
            let reading = result.tables.filter { $0.apiCalls > 0 }
            let tableCalls = reading.reduce(0) { $0 + $1.apiCalls }
            print("    \(counted - tableCalls) for the cycle (describes, probe), \(tableCalls) in \(reading.count) tables"
                + (reading.count <= 6 ? ": " + reading.map { "\($0.table) \($0.apiCalls)" }.joined(separator: ", ") : ""))
            guard result.status == .succeeded else { throw ValidationError("the cycle ended \(result.status.rawValue): \(result.error ?? "")") }
            return result
        }
        _ = try await cycle(Self.scenarios[0])
        _ = try await cycle(Self.scenarios[1])
        let changes = try await OrgChanges.make(service.client(for: record))
        _ = try await cycle(Self.scenarios[2])
        try await changes.check(against: service.warehouse)
        return calls
    }
}

/// 50 Leads created, 50 Contacts' titles changed, 20 Cases deleted (their own calls, made
/// before the cycle and not counted in it), and the check that the warehouse holds them.
struct OrgChanges {
    var created: [String]
    var updated: [String]
    var deleted: [String]
    let title: String

    static func make(_ org: SalesforceClient) async throws -> OrgChanges {
        let title = "Bench \(Int(Date().timeIntervalSince1970))"
        var created: [String] = []
        for i in 0..<50 { created.append(try await org.create("Lead", fields: ["LastName": .string("Bench \(i)"), "Company": .string("Bench Co")])) }
        let contacts = try await org.query("SELECT Id FROM Contact ORDER BY Id LIMIT 50", fields: ["Id"]).records
        let updated = (0..<contacts.rowCount).compactMap { contacts.string(row: $0, column: 0) }
        for id in updated { try await org.update("Contact", id: id, fields: ["Title": .string(title)]) }
        let cases = try await org.query("SELECT Id FROM Case ORDER BY Id LIMIT 20", fields: ["Id"]).records
        let deleted = (0..<cases.rowCount).compactMap { cases.string(row: $0, column: 0) }
        for id in deleted { try await org.delete("Case", id: id) }
        return OrgChanges(created: created, updated: updated, deleted: deleted, title: title)
    }

    func check(against warehouse: any Warehouse) async throws {
        func count(_ sql: String, _ ids: [String]) async throws -> Int {
            guard !ids.isEmpty else { return 0 }
            let marks = Array(repeating: "?", count: ids.count).joined(separator: ", ")
            let rows = try await warehouse.query(sql.replacingOccurrences(of: "(?)", with: "(\(marks))"), arguments: ids)
            return rows.first?.first.flatMap { $0.flatMap { Int($0) } } ?? 0
        }
        let leads = try await count("SELECT COUNT(*) FROM sf_lead WHERE id IN (?)", created)
        let titles = try await count("SELECT COUNT(*) FROM sf_contact WHERE title = '\(title)' AND id IN (?)", updated)
        let cases = try await count("SELECT COUNT(*) FROM sf_case WHERE id IN (?)", deleted)
        print("  the warehouse holds \(leads)/\(created.count) created Leads, \(titles)/\(updated.count) changed Contacts, \(cases) of \(deleted.count) deleted Cases")
        guard leads == created.count, titles == updated.count, cases == 0 else { throw ValidationError("the warehouse does not hold the org's changes") }
    }
}
