import HTTPTypes
import Hummingbird

/// Enforces `AccessPolicy` on every request, before any route runs: it finds who is asking (the
/// session, or on the machine-facing routes an API key's user) and refuses what their role may
/// not open. A page without a session redirects to sign-in; the API answers 401 instead.
struct AccessMiddleware: RouterMiddleware {
    typealias Context = AppContext
    let apiKeys: APIKeys

    func handle(_ request: Request, context: AppContext, next: (Request, AppContext) async throws -> Response) async throws -> Response {
        var context = context
        let path = request.uri.path
        let rule = AccessPolicy.rule(for: path)
        if rule.acceptsAPIKeys, let header = request.headers[.authorization], header.hasPrefix("Bearer ") {
            guard let user = try await apiKeys.user(forKey: String(header.dropFirst(7))) else {
                throw HTTPError(.unauthorized, message: "The API key is not valid (revoked, its user removed, or mistyped).")
            }
            context.apiUser = user
        }
        guard case .atLeast(let role) = AccessPolicy.requirement(method: request.method, path: path) else { return try await next(request, context) }
        guard let user = context.apiUser ?? context.session?.user else {
            if rule.acceptsAPIKeys {
                throw HTTPError(.unauthorized, message: "Send an API key as 'Authorization: Bearer trb_…' (an admin creates keys under Account Settings > API Keys).")
            }
            throw Redirect(to: "/sign-in")
        }
        guard user.role.includes(role) else {
            if rule.acceptsAPIKeys { throw HTTPError(.forbidden, message: "This needs the \(role.label) role; the key acts as \(user.email), who is \(user.role.label).") }
            // Admin-only pages keep their familiar page; others say which role they need.
            throw role == .admin ? Forbidden() : Forbidden("This needs the \(role.label) role and you are \(user.role.label). Ask an admin of your Tributary to change your role.")
        }
        return try await next(request, context)
    }
}
