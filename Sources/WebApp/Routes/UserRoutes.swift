import Foundation
import Hummingbird

/// Account Settings > Manage Users (admins only).
extension WebApp {
    func addUserRoutes(to router: Router<AppContext>) {
        router.get("/users") { _, context -> Response in
            let session = try self.requireAdmin(context)
            return WebApp.html(HTML.page("Manage Users", session: session, body: Pages.users(try await self.users.users(), session: session, error: nil)))
        }

        router.post("/users") { request, context -> Response in
            let session = try self.requireAdmin(context)
            let fields = try await self.form(request, session)
            guard let role = Role(rawValue: fields["role"] ?? "") else { throw BadForm("Choose a role: admin, standard or read-only.") }
            do {
                try await self.users.addUser(email: fields["email"] ?? "", password: fields["password"] ?? "", role: role)
                return WebApp.redirect("/users")
            } catch let error as UserError {
                return WebApp.html(HTML.page("Manage Users", session: session, body: Pages.users(try await self.users.users(), session: session, error: error.description)),
                                   status: .badRequest)
            }
        }
    }
}
