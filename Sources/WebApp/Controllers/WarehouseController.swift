import Foundation
import Hummingbird
import Sync
import Warehouse

/// Manage Data > Data Warehouse: every user sees the tables and columns; admins change them.
struct WarehouseController: RouteController {
    let service: ConnectionService
    let manager: WarehouseManager
    let runner: CycleRunner
    let results: ResultCache

    func addRoutes(to groups: RouteGroups) {
        groups.authors.get("/warehouse") { request, context -> Response in
            let session = context.session
            let query = WebApp.query(request)
            let view = query["view"] == "synced" ? "synced" : "all"
            let search = String((query["q"] ?? "").prefix(100))
            var groups: [WarehousePages.ConnectionTables] = []
            for record in try await self.service.warehouse.metadata.connections() {
                guard let id = record.id else { continue }
                groups.append(.init(record: record, tables: try await self.manager.tables(connectionID: id)))
            }
            var selected: (Int64, ManagedTableDetail)?
            if let id = query["connection"].flatMap({ Int64($0) }), let table = query["table"] {
                selected = (id, try await self.manager.detail(id, table))
            }
            var running = false
            if let (id, detail) = selected { running = try await self.service.warehouse.loadingTables(connectionID: id).contains(detail.table.settings.table) }
            let body = WarehousePages.manager(groups, selected: selected, view: view, search: search, runningTable: running, session: session)
            return WebApp.html(HTML.page("Data Warehouse", session: session, body: body))
        }

        groups.admins.post("/warehouse/:id/check") { request, context -> Response in
            let session = context.session
            _ = try await WebApp.form(request, session)
            let record = try await ConnectionLookup(self.service.warehouse).record(context)
            var options = SyncOptions()
            options.structureOnly = true
            guard try await self.runner.startUnlessRunningElsewhere(record, options: options) else {
                throw BadForm("An update cycle of \(record.name) is running; it checks for new tables and columns itself.", status: .conflict)
            }
            return WebApp.redirect("/warehouse?connection=\(record.id ?? 0)")
        }

        groups.admins.post("/warehouse/:id/:table") { request, context -> Response in
            let session = context.session
            let fields = try await WebApp.form(request, session)
            let record = try await ConnectionLookup(self.service.warehouse).record(context)
            guard let id = record.id, let table = context.parameters.get("table") else { throw HTTPError(.notFound) }
            let detail = try await self.manager.detail(id, table)
            let change = try Self.tableChange(fields, detail: detail)
            let outcome: SaveOutcome
            do {
                outcome = try await self.manager.save(connectionID: id, table: table, change: change, confirmed: fields["confirm"] == "yes")
            } catch let error as ManagerError {
                throw BadForm(error.description)
            }
            // A removed table or column changes what the dashboards may read: compute them again.
            if outcome.saved { await self.results.clear() }
            guard outcome.saved else {
                let body = WarehousePages.confirm(outcome, fields: fields, action: "/warehouse/\(id)/\(table)",
                                                      cancel: "/warehouse?connection=\(id)&table=\(table)", session: session)
                return WebApp.html(HTML.page("Remove from the warehouse?", session: session, body: body))
            }
            if fields["action"] == "save-sync", change.selected != false, change.method != .paused {
                self.runner.startTables(record, objects: [detail.table.settings.object])
            }
            return WebApp.redirect("/warehouse?connection=\(id)&table=\(table)")
        }
    }

    /// The schema form as a change: checkboxes are absent when unticked.
    static func tableChange(_ fields: [String: String], detail: ManagedTableDetail) throws -> TableChange {
        guard let method = ReplicationMethod(rawValue: fields["method"] ?? "") else {
            throw BadForm("Choose a replication method: Modified At, Add Date, Full Table or Paused.")
        }
        var columns: [String: Bool] = [:]
        var recheck: [String: RecheckFrequency] = [:]
        for column in detail.columns {
            let name = column.source.column
            columns[name] = fields["col_" + name] == "on"
            if let raw = fields["recheck_" + name] {
                guard let frequency = RecheckFrequency(rawValue: raw) else { throw BadForm("Unknown recheck frequency '\(raw)' for \(name).") }
                recheck[name] = frequency
            }
        }
        return TableChange(selected: fields["selected"] == "on", method: method, replicationKey: fields["key"].flatMap { $0.isEmpty ? nil : $0 },
                           columns: columns, recheck: recheck)
    }
}

extension WarehouseManager {
    /// A table's detail for a route: an unknown table is a 404.
    func detail(_ connectionID: Int64, _ table: String) async throws -> ManagedTableDetail {
        do {
            return try await self.table(connectionID: connectionID, table: table)
        } catch let error as ManagerError {
            throw HTTPError(.notFound, message: error.description)
        }
    }
}
