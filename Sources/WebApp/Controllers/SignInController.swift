import Foundation
import HTTPTypes
import Hummingbird

/// Sign-in, sign-out, and the first admin on a fresh data directory.
struct SignInController: RouteController {
    let accounts: Accounts
    let throttle: SignInThrottle
    let configuration: WebAppConfiguration

    func addRoutes(to groups: RouteGroups) {
        groups.open.get("/") { _, context -> Response in
            if try await self.accounts.isEmpty { return WebApp.redirect("/setup") }
            guard let session = context.session else { return WebApp.redirect("/sign-in") }
            return WebApp.redirect(AccessPolicy.home(for: session.user.role))
        }

        groups.open.get("/setup") { _, context -> Response in
            guard try await self.accounts.isEmpty else { return WebApp.redirect("/sign-in") }
            return WebApp.html(HTML.page("Create the first admin", session: nil, body: Pages.setupForm(error: nil)))
        }

        groups.open.post("/setup") { request, _ -> Response in
            // Only while no user exists: afterwards admins add users from Manage Users.
            guard try await self.accounts.isEmpty else { throw Forbidden() }
            let fields = try await WebApp.form(request, nil)
            let email = fields["email"] ?? "", password = fields["password"] ?? ""
            guard password == fields["confirm"] else {
                return WebApp.html(HTML.page("Create the first admin", session: nil, body: Pages.setupForm(error: "The passwords differ.")), status: .badRequest)
            }
            do {
                let user = try await self.accounts.addUser(email: email, password: password, role: .admin)
                return try await self.signedIn(user)
            } catch let error as UserError {
                return WebApp.html(HTML.page("Create the first admin", session: nil, body: Pages.setupForm(error: error.description)), status: .badRequest)
            }
        }

        groups.open.get("/sign-in") { _, context -> Response in
            if let session = context.session { return WebApp.redirect(AccessPolicy.home(for: session.user.role)) }
            return WebApp.html(HTML.page("Sign in", session: nil, body: Pages.signInForm(error: nil)))
        }

        groups.open.post("/sign-in") { request, context -> Response in
            let fields = try await WebApp.form(request, nil)
            let email = Accounts.signInName(fields["email"] ?? "")
            let keys = ["email:" + email, "address:" + (self.clientAddress(request, context) ?? "?")]
            if try await self.throttle.isBlocked(keys) {
                return WebApp.html(HTML.page("Sign in", session: nil, body: Pages.signInForm(error: "Too many failed sign-ins. Wait 15 minutes and try again.")),
                                   status: .tooManyRequests)
            }
            guard let user = try await self.accounts.verify(email: email, password: fields["password"] ?? "") else {
                try await self.throttle.recordFailure(keys)
                return WebApp.html(HTML.page("Sign in", session: nil, body: Pages.signInForm(error: "The email or the password is wrong.")), status: .unauthorized)
            }
            try await self.throttle.reset(keys)
            return try await self.signedIn(user)
        }

        groups.open.post("/sign-out") { request, context -> Response in
            if let session = context.session, let token = context.sessionToken {
                _ = try await WebApp.form(request, session)
                try await self.accounts.endSession(token: token)
            }
            var response = WebApp.redirect("/sign-in")
            response.setCookie(Cookie(name: SessionMiddleware.cookie, value: "", maxAge: 0, path: "/", secure: self.configuration.secureCookies, httpOnly: true, sameSite: .lax))
            return response
        }
    }

    /// The client's address for the throttle: the TCP peer, or, behind a reverse proxy the
    /// operator named, the address that proxy saw (else five failures lock out everyone).
    func clientAddress(_ request: Request, _ context: AppContext) -> String? {
        let forwardedFor = HTTPField.Name("X-Forwarded-For").map { request.headers[values: $0] } ?? []
        return configuration.trustedProxies.clientAddress(peer: context.clientAddress, forwardedFor: forwardedFor)
    }

    /// A new session cookie: HttpOnly, SameSite=Lax (so Salesforce's redirect back, a top-level
    /// GET, still carries it), Secure when the app is served over HTTPS.
    func signedIn(_ user: User) async throws -> Response {
        let (token, session) = try await accounts.startSession(for: user)
        var response = WebApp.redirect(AccessPolicy.home(for: user.role))
        response.setCookie(Cookie(name: SessionMiddleware.cookie, value: token, maxAge: Int(session.expiresAt.timeIntervalSinceNow), path: "/",
                                  secure: configuration.secureCookies, httpOnly: true, sameSite: .lax))
        return response
    }
}
