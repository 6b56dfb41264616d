import Foundation
import Hummingbird

/// Account Settings > Manage Users (admins only).
struct UserController: RouteController {
    let accounts: Accounts

    func addRoutes(to groups: RouteGroups) {
        groups.admins.get("/users") { _, context -> Response in
            let session = context.session
            return WebApp.html(HTML.page("Manage Users", session: session, body: Pages.users(try await self.accounts.users(), session: session, error: nil)))
        }

        groups.admins.post("/users/:id/role") { request, context -> Response in
            let session = context.session
            let fields = try await WebApp.form(request, session)
            guard let id = context.parameters.get("id", as: Int64.self), let role = Role(rawValue: fields["role"] ?? "") else {
                throw BadForm("Choose a role: admin, standard or read-only.")
            }
            try await self.manageUsers(session) { try await self.accounts.setRole(role, userID: id) }
            return WebApp.redirect("/users")
        }

        groups.admins.post("/users/:id/remove") { request, context -> Response in
            let session = context.session
            _ = try await WebApp.form(request, session)
            guard let id = context.parameters.get("id", as: Int64.self) else { throw BadForm("No such user.") }
            try await self.manageUsers(session) { try await self.accounts.removeUser(id: id) }
            return WebApp.redirect(id == session.user.id ? "/sign-in" : "/users")
        }

        groups.admins.post("/users") { request, context -> Response in
            let session = context.session
            let fields = try await WebApp.form(request, session)
            guard let role = Role(rawValue: fields["role"] ?? "") else { throw BadForm("Choose a role: admin, standard or read-only.") }
            do {
                try await self.accounts.addUser(email: fields["email"] ?? "", password: fields["password"] ?? "", role: role)
                return WebApp.redirect("/users")
            } catch let error as UserError {
                return WebApp.html(HTML.page("Manage Users", session: session, body: Pages.users(try await self.accounts.users(), session: session, error: error.description)),
                                   status: .badRequest)
            }
        }
    }

    /// Runs a change to users; a refused one (the last admin) becomes a clear 409 page.
    private func manageUsers(_ session: Session, _ change: () async throws -> Void) async throws {
        do { try await change() } catch let error as UserError { throw BadForm(error.description, status: .conflict) }
    }
}
