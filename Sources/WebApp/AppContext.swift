import Hummingbird
import NIOCore

/// The request context: the signed-in session, when there is one.
public struct AppContext: RequestContext {
    public var coreContext: CoreRequestContextStorage
    public var session: Session?
    public var sessionToken: String?
    /// The user an API key acts as (`AccessMiddleware` sets it on the API's routes).
    public var apiUser: User?
    /// The peer's address, for the sign-in throttle.
    public let clientAddress: String?

    public init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
        clientAddress = source.channel.remoteAddress?.ipAddress
    }
}

/// Loads the session named by the cookie (an unknown or expired cookie is no session).
struct SessionMiddleware: RouterMiddleware {
    typealias Context = AppContext
    let accounts: Accounts
    static let cookie = "tributary_session"

    func handle(_ request: Request, context: AppContext, next: (Request, AppContext) async throws -> Response) async throws -> Response {
        var context = context
        if let token = request.cookies[Self.cookie]?.value, !token.isEmpty, let session = try await accounts.session(token: token) {
            context.session = session
            context.sessionToken = token
        }
        return try await next(request, context)
    }
}
