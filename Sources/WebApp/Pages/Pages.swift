import Foundation
import Warehouse

/// The pages' bodies (the frame is `HTML.page`). Every value from data or users is escaped.
enum Pages {
    static func signInForm(error: String?) -> String {
        """
        \(error.map { #"<p class="error">\#(HTML.escape($0))</p>"# } ?? "")
        <form method="post" action="/sign-in">
        <label for="email">Email</label><input id="email" name="email" type="email" autocomplete="username" required>
        <label for="password">Password</label><input id="password" name="password" type="password" autocomplete="current-password" required>
        <p><button type="submit" id="sign-in">Sign in</button></p></form>
        """
    }

    static func setupForm(error: String?) -> String {
        """
        <p class="notice">This Tributary has no users yet. Create the first admin.</p>
        \(error.map { #"<p class="error">\#(HTML.escape($0))</p>"# } ?? "")
        <form method="post" action="/setup">
        <label for="email">Email</label><input id="email" name="email" type="email" required>
        <label for="password">Password (10 characters or more)</label><input id="password" name="password" type="password" minlength="10" required>
        <label for="confirm">Password again</label><input id="confirm" name="confirm" type="password" minlength="10" required>
        <p><button type="submit" id="create-admin">Create admin</button></p></form>
        """
    }

    static func users(_ users: [User], session: Session, error: String?) -> String {
        let csrf = HTML.csrfField(session)
        let rows = users.map { user in
            let options = Role.allCases.map { #"<option value="\#($0.rawValue)"\#($0 == user.role ? " selected" : "")>\#($0.label)</option>"# }.joined()
            return """
                <tr class="user" data-email="\(HTML.escape(user.email))"><td>\(HTML.escape(user.email))</td><td>\(user.role.label)</td>
                <td><form method="post" action="/users/\(user.id)/role">\(csrf)<select name="role">\(options)</select> <button type="submit">Change role</button></form></td>
                <td><form method="post" action="/users/\(user.id)/remove">\(csrf)<button type="submit">Remove</button></form></td></tr>
                """
        }.joined()
        return """
            \(error.map { #"<p class="error">\#(HTML.escape($0))</p>"# } ?? "")
            <table><tr><th>Email</th><th>Role</th><th></th><th></th></tr>\(rows)</table>
            <h2>Add a user</h2>
            <form method="post" action="/users">\(HTML.csrfField(session))
            <label for="email">Email</label><input id="email" name="email" type="email" required>
            <label for="password">Password (10 characters or more)</label><input id="password" name="password" type="password" minlength="10" required>
            <label for="role">Role</label><select id="role" name="role"><option value="standard">Standard</option><option value="admin">Admin</option><option value="read-only">Read-Only</option></select>
            <p><button type="submit">Add user</button></p></form>
            """
    }

    struct ConnectionRow {
        var record: ConnectionRecord
        var syncing: Bool
        var tables: [(String, Int)]

        var statusKey: String { syncing ? "syncing" : record.status.rawValue }
        var statusLabel: String {
            if syncing { return "Syncing" }
            switch record.status {
            case .connected: return "Connected"
            case .syncing: return "Syncing"
            case .reauthenticationRequired: return "Reauthentication required"
            case .error: return "Error"
            }
        }
    }

    static func connections(_ rows: [ConnectionRow], session: Session) -> String {
        let admin = session.user.role == .admin
        var body = admin ? #"<div class="actions"><a class="button" id="add-data-source" href="/connections/new">Add a Data Source</a></div>"# : ""
        if rows.isEmpty { body += #"<p class="notice">No data sources yet.\#(admin ? " Add one to start." : "")</p>"# }
        body += """
            <table id="connections"><tr><th>Name</th><th>Type</th><th>Org</th><th>Status</th><th>Last successful update began</th>
            <th>Last data point received</th><th>Tables synced</th><th></th></tr>
            """
        for row in rows {
            let r = row.record
            let error = r.status == .error || r.status == .reauthenticationRequired ? r.lastError.map { "<br><small>\(HTML.escape(String($0.prefix(300))))</small>" } ?? "" : ""
            // What the connected user cannot see, said where the admin looks (not only in a log).
            let warnings = (r.access?.warnings(reconcilesAnyway: r.reconcileWithoutViewAllData) ?? []).map {
                #"<br><small class="access-warning">\#(HTML.escape($0))</small>"#
            }.joined()
            var actions = ""
            if admin, let id = r.id {
                let csrf = HTML.csrfField(session)
                if r.status == .reauthenticationRequired {
                    actions += #"<form method="post" action="/connections/\#(id)/reauthenticate">\#(csrf)<button class="reauthenticate" type="submit">Reauthenticate</button></form>"#
                }
                actions += #"<form method="post" action="/connections/\#(id)/sync">\#(csrf)<button type="submit">Force update</button></form>"#
                actions += #"<a href="/connections/\#(id)/settings">Schedule</a> <a href="/warehouse?connection=\#(id)">Tables</a> "#
                actions += #"<a href="/connections/\#(id)/disconnect">Disconnect</a>"#
            }
            body += """
                <tr class="connection" data-name="\(HTML.escape(r.name))"><td>\(HTML.escape(r.name))</td><td>Salesforce</td>
                <td>\(HTML.escape(r.organizationID ?? "-"))<br><small>\(HTML.escape(r.username ?? ""))</small></td>
                <td class="status status-\(row.statusKey)">\(row.statusLabel)\(error)\(warnings)<div class="progress" data-connection="\(r.id ?? 0)"\(row.syncing ? " data-live" : "")></div></td>
                <td>\(format(r.lastSuccessfulUpdateBegan))</td><td>\(format(r.lastDataPointReceived))</td>
                <td class="tables">\(row.tables.count)</td><td>\(actions)</td></tr>
                """
            if !row.tables.isEmpty {
                let list = row.tables.map { #"<span class="table" data-table="\#(HTML.escape($0.0))">\#(HTML.escape($0.0)) (\#($0.1))</span>"# }.joined(separator: ", ")
                body += #"<tr><td colspan="8"><small>\#(list)</small></td></tr>"#
            }
        }
        return body + "</table>" + Scripts.cycleProgress.tag
    }

    static let sourceTiles = """
        <p>Choose the kind of data source.</p>
        <div class="tiles"><a class="tile" id="tile-salesforce" href="/connections/new/salesforce">
        <svg width="64" height="44" viewBox="0 0 64 44" aria-hidden="true"><path fill="#00A1E0" d="M26 6c3-3 7-5 11-5 6 0 11 3 13 8 2-1 4-1 6-1 8 0 14 6 14 14s-6 14-14 14c-1 0-2 0-3 0-2 4-6 6-10 6-2 0-4 0-5-1-2 4-6 7-11 7-5 0-9-3-11-7-1 0-2 0-3 0C6 41 1 36 1 29c0-5 3-9 7-11-1-2-1-3-1-5 0-7 6-12 12-12 3 0 5 1 7 2z"/></svg>
        <div>Salesforce</div></a></div>
        """

    static func salesforceForm(session: Session, configuration: WebAppConfiguration, error: String?) -> String {
        let local = configuration.sandboxLoginURL.map { #"<option value="local" selected>Local sandbox org (\#(HTML.escape($0)))</option>"# } ?? ""
        return """
            \(error.map { #"<p class="error">\#(HTML.escape($0))</p>"# } ?? "")
            <p>Tributary signs in to Salesforce with OAuth: you enter your Salesforce credentials on Salesforce's own page.</p>
            <form method="post" action="/connections/new/salesforce">\(HTML.csrfField(session))
            <label for="name">Connection name</label><input id="name" name="name" required maxlength="100" value="Salesforce">
            <label for="environment">Environment</label><select id="environment" name="environment">\(local)
            <option value="production">Production (login.salesforce.com)</option><option value="sandbox">Sandbox (test.salesforce.com)</option>
            <option value="mydomain">My Domain</option></select>
            <label for="mydomain">My Domain URL (for My Domain)</label><input id="mydomain" name="mydomain" placeholder="https://yourcompany.my.salesforce.com">
            <p><button type="submit" id="connect-salesforce">Connect to Salesforce</button></p></form>
            """
    }

    static func disconnect(_ row: ConnectionRow, session: Session) -> String {
        let list = row.tables.map { "<li>\(HTML.escape($0.0)) (\($0.1) rows)</li>" }.joined()
        return """
            <p>Disconnecting stops syncing <strong>\(HTML.escape(row.record.name))</strong> and forgets its credentials, settings and history.
            Its tables in the warehouse:</p><ul>\(list.isEmpty ? "<li>none</li>" : list)</ul>
            <form method="post" action="/connections/\(row.record.id ?? 0)/disconnect">\(HTML.csrfField(session))
            <label><input type="radio" name="tables" value="keep" checked> Keep these tables (they stop changing)</label>
            <label><input type="radio" name="tables" value="drop" id="drop-tables"> Drop these tables and their data</label>
            <p><button type="submit" id="confirm-disconnect">Disconnect</button> <a href="/connections">Cancel</a></p></form>
            """
    }

    static func problem(_ message: String) -> String {
        #"<p class="error">\#(HTML.escape(message))</p><p><a href="/connections">Back to Connections</a></p>"#
    }

    static func format(_ date: Date?) -> String {
        guard let date else { return "never" }
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withFullDate, .withTime, .withColonSeparatorInTime, .withSpaceBetweenDateAndTime]
        return formatter.string(from: date) + " UTC"
    }
}
