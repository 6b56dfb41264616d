import Analytics
import AsyncHTTPClient
import Foundation
import HTTPTypes
import Hummingbird
import Logging
import NIOCore
import Sync
import Warehouse
import WebForms

/// The web app: sign-in, users and roles, Manage Data > Connections with Connect to Salesforce
/// and Reauthenticate. Every page and form route checks the role; every form carries a CSRF token.
public final class WebApp: Sendable {
    public let configuration: WebAppConfiguration
    let users: UserStore
    let service: ConnectionService
    let runner: CycleRunner
    let manager: WarehouseManager
    let pending = PendingSignIns()
    let throttle = SignInThrottle()
    let logger: Logger

    public init(configuration: WebAppConfiguration, users: UserStore, service: ConnectionService, logger: Logger = Logger(label: "tributary.web")) {
        self.configuration = configuration
        self.users = users
        self.service = service
        self.logger = logger
        runner = CycleRunner(service: service, metrics: SyncMetrics(),
                             notifier: Notifier(smtp: configuration.smtp, webhooks: WebhookSender(allow: configuration.webhookAllow), logger: logger),
                             scoreLeadsEvery: configuration.scoreLeadsEvery, logger: logger)
        manager = WarehouseManager(service: service) { table, columns in
            try await Dependents.find(table: table, columns: columns, users: users)
        }
    }

    public func makeRouter() -> Router<AppContext> {
        let router = Router(context: AppContext.self)
        router.add(middleware: ErrorPageMiddleware(logger: logger))
        router.add(middleware: SessionMiddleware(users: users))
        addSignInRoutes(to: router)
        addUserRoutes(to: router)
        addConnectionRoutes(to: router)
        addOAuthRoutes(to: router)
        addWarehouseRoutes(to: router)
        addAPIRoutes(to: router)
        addAPIKeyRoutes(to: router)
        addGoalRoutes(to: router)
        addLeadRoutes(to: router)
        addDashboardRoutes(to: router)
        addReportRoutes(to: router)
        return router
    }

    /// Runs update cycles on every connection's schedule until cancelled (`tributary serve`).
    public func runScheduler(tick: Duration = .seconds(30)) async {
        await Scheduler(runner: runner, logger: logger).run(every: tick)
    }

    public func makeApplication() -> some ApplicationProtocol {
        Application(router: makeRouter(), configuration: .init(address: .hostname(configuration.host, port: configuration.port)), logger: logger)
    }

    // MARK: - Shared by the routes

    /// The session, or a redirect to the sign-in page.
    func requireSession(_ context: AppContext) throws -> Session {
        guard let session = context.session else { throw Redirect(to: "/sign-in") }
        return session
    }

    /// An admin's session; anyone else gets 403 with a page that says why.
    func requireAdmin(_ context: AppContext) throws -> Session {
        let session = try requireSession(context)
        guard session.user.role == .admin else { throw Forbidden() }
        return session
    }

    /// A form's fields, after checking its CSRF token against the session's.
    func form(_ request: Request, _ session: Session?) async throws -> [String: String] {
        let body = try await request.body.collect(upTo: 64 * 1024)
        let fields = FormData.parse(String(buffer: body), repeated: .joined)
        if let session {
            guard let token = fields["csrf"], token == session.csrfToken else { throw BadForm("The form expired or did not come from this site. Go back, reload the page and try again.", status: .forbidden) }
        }
        return fields
    }

    /// A page's query string as a form (HTML forms send spaces as `+`, which the URI's own
    /// parameters leave as is).
    static func query(_ request: Request) -> [String: String] {
        FormData.parse(request.uri.query ?? "", repeated: .joined)
    }

    static func html(_ text: String, status: HTTPResponse.Status = .ok) -> Response {
        Response(status: status, headers: [.contentType: "text/html; charset=utf-8", .cacheControl: "no-store"],
                 body: .init(byteBuffer: ByteBuffer(string: text)))
    }

    /// Only paths on this site: never an open redirect.
    static func redirect(_ path: String) -> Response {
        let safe = path.hasPrefix("/") && !path.hasPrefix("//") && !path.contains("\\") ? path : "/"
        return Response(status: .seeOther, headers: [.location: safe])
    }
}

/// Thrown by routes: a redirect to a path of this site.
struct Redirect: Error { let to: String }
/// Thrown by routes: the user lacks the role. Without a message the page says admin
/// permissions are needed (the common case); with one it says that instead.
struct Forbidden: Error {
    var message: String?
    init(_ message: String? = nil) { self.message = message }
}
/// Thrown by routes: bad input, shown on an error page with the status.
struct BadForm: Error {
    let message: String
    let status: HTTPResponse.Status
    init(_ message: String, status: HTTPResponse.Status = .badRequest) {
        self.message = message
        self.status = status
    }
}

/// Turns the routes' thrown errors into pages: redirects, 403, clear messages for bad input,
/// and a generic page (details in the log) for the rest.
struct ErrorPageMiddleware: RouterMiddleware {
    typealias Context = AppContext
    let logger: Logger

    func handle(_ request: Request, context: AppContext, next: (Request, AppContext) async throws -> Response) async throws -> Response {
        do {
            return try await next(request, context)
        } catch let redirect as Redirect {
            return WebApp.redirect(redirect.to)
        } catch let forbidden as Forbidden {
            if let message = forbidden.message {
                return WebApp.html(HTML.page("Not allowed", session: context.session, body: """
                    <p class="error">\(HTML.escape(message))</p><p><a href="/reports">Back to Reports</a></p>
                    """), status: .forbidden)
            }
            return WebApp.html(HTML.page("Admin permissions needed", session: context.session, body: """
                <p class="error">You need <strong>Admin</strong> permissions to do this. Ask an admin of your Tributary to change your role.</p>
                <p><a href="/connections">Back to Connections</a></p>
                """), status: .forbidden)
        } catch let bad as BadForm {
            return WebApp.html(HTML.page("Something is not right", session: context.session, body: """
                <p class="error">\(HTML.escape(bad.message))</p><p><a href="/connections">Back to Connections</a></p>
                """), status: bad.status)
        } catch let error as HTTPError {
            return WebApp.html(HTML.page(error.status == .notFound ? "Not found" : "Request refused", session: context.session,
                                         body: #"<p class="error">\#(HTML.escape(error.body ?? error.status.reasonPhrase))</p>"#), status: error.status)
        } catch {
            logger.error("\(request.method) \(request.uri.path): \(error)")
            return WebApp.html(HTML.page("Something went wrong", session: context.session, body: """
                <p class="error">Tributary could not finish this request: \(HTML.escape(String(describing: error)))</p>
                """), status: .internalServerError)
        }
    }
}
