import Foundation
import Hummingbird
import SalesforceKit
import Sync
import Warehouse

/// Manage Data > Connections: the list, Add a Data Source, Connect to Salesforce,
/// Reauthenticate, update now and disconnect.
struct ConnectionController: RouteController {
    let service: ConnectionService
    let runner: CycleRunner
    let signIn: SalesforceSignIn

    func addRoutes(to groups: RouteGroups) {
        groups.authors.get("/connections") { _, context -> Response in
            let session = context.session
            var rows: [Pages.ConnectionRow] = []
            for record in try await self.service.warehouse.metadata.connections() {
                rows.append(try await self.connectionRow(self.runner.shown(record)))
            }
            return WebApp.html(HTML.page("Connections", session: session, body: Pages.connections(rows, session: session)))
        }

        groups.admins.get("/connections/new") { _, context -> Response in
            let session = context.session
            return WebApp.html(HTML.page("Add a Data Source", session: session, body: Pages.sourceTiles))
        }

        groups.admins.get("/connections/new/salesforce") { _, context -> Response in
            let session = context.session
            return WebApp.html(HTML.page("Connect to Salesforce", session: session, body: Pages.salesforceForm(session: session, configuration: self.signIn.configuration, error: nil)))
        }

        groups.admins.post("/connections/new/salesforce") { request, context -> Response in
            let session = context.session
            let fields = try await WebApp.form(request, session)
            guard let name = DisplayName.checked(fields["name"] ?? "") else {
                throw BadForm("Give the connection a name of up to 100 characters, without line breaks or other control characters.")
            }
            if try await self.service.warehouse.metadata.connection(named: name) != nil {
                throw BadForm("A connection named '\(name)' exists already. Choose another name, or Reauthenticate that one.")
            }
            let host = try self.signIn.loginHost(environment: fields["environment"] ?? "", myDomain: fields["mydomain"] ?? "")
            return try await self.signIn.begin(session: session, token: context.sessionToken, name: name, host: host, connectionID: nil)
        }

        groups.admins.post("/connections/:id/reauthenticate") { request, context -> Response in
            let session = context.session
            _ = try await WebApp.form(request, session)
            let record = try await ConnectionLookup(service.warehouse).record(context)
            return try await self.signIn.begin(session: session, token: context.sessionToken, name: record.name, host: LoginHost(storedURL: record.loginURL),
                                        connectionID: record.id)
        }

        groups.admins.post("/connections/:id/sync") { request, context -> Response in
            let session = context.session
            let fields = try await WebApp.form(request, session)
            let record = try await ConnectionLookup(service.warehouse).record(context)
            // Force update ignores blackout hours; it only waits for a running cycle.
            guard try await self.runner.startUnlessRunningElsewhere(record) else {
                throw BadForm("An update cycle of \(record.name) is running already; its progress shows on this page.", status: .conflict)
            }
            return WebApp.redirect(fields["next"] ?? "/connections")
        }

        groups.admins.get("/connections/:id/settings") { _, context -> Response in
            let session = context.session
            let record = try await ConnectionLookup(service.warehouse).record(context)
            return WebApp.html(HTML.page("Schedule of \(record.name)", session: session, body: ScheduleForm.page(record, session: session)))
        }

        groups.admins.post("/connections/:id/settings") { request, context -> Response in
            let session = context.session
            let fields = try await WebApp.form(request, session)
            var record = try await ConnectionLookup(service.warehouse).record(context)
            try ScheduleForm.apply(fields, to: &record)
            _ = try await self.service.warehouse.metadata.saveConnection(record)
            return WebApp.redirect("/connections")
        }

        groups.admins.get("/connections/:id/disconnect") { _, context -> Response in
            let session = context.session
            let record = try await ConnectionLookup(service.warehouse).record(context)
            let row = try await self.connectionRow(record)
            return WebApp.html(HTML.page("Disconnect \(record.name)", session: session, body: Pages.disconnect(row, session: session)))
        }

        groups.admins.post("/connections/:id/disconnect") { request, context -> Response in
            let session = context.session
            let fields = try await WebApp.form(request, session)
            let record = try await ConnectionLookup(service.warehouse).record(context)
            guard let id = record.id, try await !self.runner.isRunning(id) else { throw BadForm("An update cycle of this connection is running; wait for it to end.", status: .conflict) }
            let tables = try await self.service.warehouse.metadata.tableSettings(connectionID: id).map(\.table)
            try await self.service.warehouse.metadata.deleteConnection(id: id)
            try await self.service.warehouse.deleteCheckpoints(connectionID: id)
            if fields["tables"] == "drop" {
                for table in tables { try await self.service.warehouse.dropTable(table) }
            }
            return WebApp.redirect("/connections")
        }
    }

    func connectionRow(_ record: ConnectionRecord) async throws -> Pages.ConnectionRow {
        let metadata = service.warehouse.metadata
        var tables: [(String, Int)] = []
        if let id = record.id {
            for settings in try await metadata.tableSettings(connectionID: id) where settings.skipReason == nil && settings.selected {
                if let count = try? await service.warehouse.rowCount(settings.table) { tables.append((settings.table, count)) }
            }
        }
        var syncing = false
        if let id = record.id { syncing = try await runner.isRunning(id) }
        return Pages.ConnectionRow(record: record, syncing: syncing, tables: tables.sorted { $0.0 < $1.0 })
    }
}
