import Foundation
import Hummingbird

/// Account Settings > API Keys: admins create keys (shown once) and revoke them.
struct APIKeyController: RouteController {
    let apiKeys: APIKeys

    func addRoutes(to groups: RouteGroups) {
        groups.admins.get("/api-keys") { _, context -> Response in
            let session = context.session
            return WebApp.html(HTML.page("API Keys", session: session, body: Self.apiKeysPage(try await self.apiKeys.all(), created: nil, session: session)))
        }

        groups.admins.post("/api-keys") { request, context -> Response in
            let session = context.session
            let fields = try await WebApp.form(request, session)
            let created: String
            do {
                created = try await self.apiKeys.create(name: fields["name"] ?? "", for: session.user).1
            } catch let error as UserError {
                throw BadForm(error.description)
            }
            return WebApp.html(HTML.page("API Keys", session: session, body: Self.apiKeysPage(try await self.apiKeys.all(), created: created, session: session)))
        }

        groups.admins.post("/api-keys/:id/revoke") { request, context -> Response in
            let session = context.session
            _ = try await WebApp.form(request, session)
            guard let id = context.parameters.get("id", as: Int64.self) else { throw HTTPError(.notFound) }
            try await self.apiKeys.revoke(id: id)
            return WebApp.redirect("/api-keys")
        }
    }

    static func apiKeysPage(_ keys: [APIKey], created: String?, session: Session) -> String {
        let csrf = HTML.csrfField(session)
        let rows = keys.map { key in
            """
            <tr class="api-key"><td>\(HTML.escape(key.name))</td><td>\(HTML.escape(key.createdBy))</td><td>\(Pages.format(key.createdAt))</td>
            <td>\(Pages.format(key.lastUsedAt))</td><td><form method="post" action="/api-keys/\(key.id)/revoke">\(csrf)<button type="submit">Revoke</button></form></td></tr>
            """
        }.joined()
        let shown = created.map {
            #"<p class="notice">Copy the new key now; Tributary does not show it again:<br><code id="new-api-key">\#(HTML.escape($0))</code></p>"#
        } ?? ""
        return """
            \(shown)<p>Scripts and monitoring use a key as <code>Authorization: Bearer …</code> on <code>/api/v1/…</code> and <code>/metrics</code>.</p>
            <table><tr><th>Name</th><th>Created by</th><th>Created</th><th>Last used</th><th></th></tr>\(rows)</table>
            <form method="post" action="/api-keys">\(csrf)<label for="key-name">Name</label><input id="key-name" name="name" required maxlength="100">
            <p><button type="submit" id="create-api-key">Create API key</button></p></form>
            """
    }
}
