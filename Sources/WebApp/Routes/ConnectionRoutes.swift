import Foundation
import Hummingbird
import SalesforceKit
import Sync
import Warehouse

/// Manage Data > Connections: the list, Add a Data Source, Connect to Salesforce,
/// Reauthenticate, update now and disconnect.
extension WebApp {
    func addConnectionRoutes(to groups: RouteGroups) {
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
            return WebApp.html(HTML.page("Connect to Salesforce", session: session, body: Pages.salesforceForm(session: session, configuration: self.configuration, error: nil)))
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
            let host = try self.loginHost(environment: fields["environment"] ?? "", myDomain: fields["mydomain"] ?? "")
            return try await self.beginSignIn(session: session, token: context.sessionToken, name: name, host: host, connectionID: nil)
        }

        groups.admins.post("/connections/:id/reauthenticate") { request, context -> Response in
            let session = context.session
            _ = try await WebApp.form(request, session)
            let record = try await self.connection(context)
            return try await self.beginSignIn(session: session, token: context.sessionToken, name: record.name, host: LoginHost(storedURL: record.loginURL),
                                        connectionID: record.id)
        }

        groups.admins.post("/connections/:id/sync") { request, context -> Response in
            let session = context.session
            let fields = try await WebApp.form(request, session)
            let record = try await self.connection(context)
            // Force update ignores blackout hours; it only waits for a running cycle.
            guard try await self.runner.startUnlessRunningElsewhere(record) else {
                throw BadForm("An update cycle of \(record.name) is running already; its progress shows on this page.", status: .conflict)
            }
            return WebApp.redirect(fields["next"] ?? "/connections")
        }

        groups.admins.get("/connections/:id/settings") { _, context -> Response in
            let session = context.session
            let record = try await self.connection(context)
            return WebApp.html(HTML.page("Schedule of \(record.name)", session: session, body: ScheduleForm.page(record, session: session)))
        }

        groups.admins.post("/connections/:id/settings") { request, context -> Response in
            let session = context.session
            let fields = try await WebApp.form(request, session)
            var record = try await self.connection(context)
            try ScheduleForm.apply(fields, to: &record)
            _ = try await self.service.warehouse.metadata.saveConnection(record)
            return WebApp.redirect("/connections")
        }

        groups.admins.get("/connections/:id/disconnect") { _, context -> Response in
            let session = context.session
            let record = try await self.connection(context)
            let row = try await self.connectionRow(record)
            return WebApp.html(HTML.page("Disconnect \(record.name)", session: session, body: Pages.disconnect(row, session: session)))
        }

        groups.admins.post("/connections/:id/disconnect") { request, context -> Response in
            let session = context.session
            let fields = try await WebApp.form(request, session)
            let record = try await self.connection(context)
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

    func connection(_ context: some RequestContext) async throws -> ConnectionRecord {
        guard let id = context.parameters.get("id", as: Int64.self),
              let record = try await service.warehouse.metadata.connection(id: id)
        else { throw HTTPError(.notFound, message: "No such connection.") }
        return record
    }

    /// The environments of the Connect form: production, sandbox, a My Domain URL (https on a
    /// Salesforce host, checked by `SalesforceOrigin`, never loopback), or the local sandbox org
    /// that `serve --demo` started.
    func loginHost(environment: String, myDomain: String) throws -> LoginHost {
        switch environment {
        case "production": return .production
        case "sandbox": return .sandbox
        case "local":
            guard let url = configuration.sandboxLoginURL else { throw BadForm("There is no local sandbox org: it is offered by `tributary serve --demo`.") }
            do { return try .localSandbox(url) } catch { throw BadForm("The local sandbox org's URL is not on this machine: \(error).") }
        case "mydomain":
            do {
                return try LoginHost(url: myDomain.trimmingCharacters(in: .whitespaces), policy: .salesforce)
            } catch {
                throw BadForm("A My Domain URL looks like https://yourcompany.my.salesforce.com.")
            }
        default:
            throw BadForm("Choose production, sandbox or My Domain.")
        }
    }

    func oauthApp(_ host: LoginHost) throws -> OAuthApp {
        guard let clientID = configuration.clientID else {
            throw BadForm("Tributary has no Salesforce connected app configured: set TRIBUTARY_SALESFORCE_CLIENT_ID and TRIBUTARY_SALESFORCE_CLIENT_SECRET (see the README).",
                          status: .serviceUnavailable)
        }
        return OAuthApp(clientID: clientID, clientSecret: configuration.clientSecret, redirectURI: configuration.callbackURL, loginHost: host)
    }

    /// Sends the browser to Salesforce's authorize endpoint with PKCE and a state bound to this session.
    func beginSignIn(session: Session, token: String?, name: String, host: LoginHost, connectionID: Int64?) async throws -> Response {
        guard let token else { throw Redirect(to: "/sign-in") }
        let app = try oauthApp(host)
        let pkce = PKCE.make()
        let state = try await pending.start(.init(sessionToken: token, verifier: pkce.verifier, connectionName: name, loginHost: host, connectionID: connectionID))
        let url = OAuthClient(app: app, http: service.http).authorizeURL(state: state, codeChallenge: pkce.challenge, scopes: ["api", "refresh_token", "id"])
        return Response(status: .seeOther, headers: [.location: url])
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
