import Analytics
import AsyncHTTPClient
import Foundation
import HTTPTypes
import Hummingbird
import Logging
import NIOCore
import SOQL
import Sync
import Synchronization
import Warehouse
import WebForms

/// The web app: what its controllers share (the store, the connection service, the cycle
/// runner, the analyses' results) and the router that puts them together. Each concept's routes
/// are a `RouteController` built from only what it uses; the route group a controller adds a
/// route to decides who may call it (`RouteGroups`, `AccessPolicy`); every form carries a CSRF
/// token.
public final class WebApp: Sendable {
    public let configuration: WebAppConfiguration
    let store: AppStore
    let service: ConnectionService
    let runner: CycleRunner
    let manager: WarehouseManager
    /// What the analyses compute, once per version of the data (dashboards, reports, the warmer).
    let analysis: AnalysisResults
    let items: SavedItems
    let renderer: DashboardRenderer
    let logger: Logger

    public init(configuration: WebAppConfiguration, store: AppStore, service: ConnectionService, logger: Logger = Logger(label: "tributary.web")) {
        self.configuration = configuration
        self.store = store
        self.service = service
        self.logger = logger
        runner = CycleRunner(service: service, metrics: SyncMetrics(),
                             notifier: Notifier(smtp: configuration.smtp, webhooks: WebhookSender(allow: configuration.webhookAllow), logger: logger),
                             scoreLeadsEvery: configuration.scoreLeadsEvery, probeWaitsForMinute: configuration.probeWaitsForMinute, logger: logger)
        analysis = AnalysisResults(warehouse: service.warehouse)
        items = SavedItems(reports: store.reports, dashboards: store.dashboards)
        renderer = DashboardRenderer(results: analysis, reports: store.reports, goals: store.goals, configuration: configuration)
        manager = WarehouseManager(service: service) { table, columns in
            try await Dependents.find(table: table, columns: columns, reports: store.reports, goals: store.goals)
        }
    }

    public func makeRouter() -> Router<AppContext> {
        let router = Router(context: AppContext.self)
        // Outermost first: every response gets the headers, even an error page; a cross-site
        // change is refused before anything reads a session; roles are checked before any route.
        router.add(middleware: SecurityHeadersMiddleware())
        router.add(middleware: ErrorPageMiddleware(logger: logger))
        router.add(middleware: SameOriginMiddleware(configuration: configuration))
        router.add(middleware: SessionMiddleware(accounts: store.accounts))
        router.add(middleware: AccessMiddleware(apiKeys: store.apiKeys))
        let groups = RouteGroups(router)
        let warehouse = service.warehouse
        let signIn = SalesforceSignIn(configuration: configuration, pending: PendingSignIns(store: store.signIns), http: service.http)
        let controllers: [any RouteController] = [
            HealthController(warehouse: warehouse, store: store),
            SignInController(accounts: store.accounts, throttle: SignInThrottle(store: store.signIns), configuration: configuration),
            UserController(accounts: store.accounts),
            APIKeyController(apiKeys: store.apiKeys),
            QueryController(warehouse: warehouse),
            GoalController(goals: store.goals, warehouse: warehouse),
            LeadController(warehouse: warehouse),
            ConnectionController(service: service, runner: runner, signIn: signIn),
            OAuthController(signIn: signIn, service: service, runner: runner),
            WarehouseController(service: service, manager: manager, runner: runner, results: analysis.cache),
            APIController(service: service, manager: manager, runner: runner, results: analysis.cache),
            DashboardController(items: items, results: analysis, renderer: renderer, goals: store.goals, accounts: store.accounts),
            ReportController(items: items, results: analysis, configuration: configuration),
            BuilderController(items: items, results: analysis, configuration: configuration),
        ]
        for controller in controllers { controller.addRoutes(to: groups) }
        addScriptRoutes(to: groups)
        return router
    }

    /// Runs update cycles on every connection's schedule until cancelled (`tributary serve`).
    public func runScheduler(tick: Duration = .seconds(30)) async {
        await Scheduler(runner: runner, logger: logger).run(every: tick)
    }

    public func makeApplication() -> some ApplicationProtocol {
        Application(router: makeRouter(), configuration: .init(address: .hostname(configuration.host, port: configuration.port)), logger: logger)
    }

    /// The app on `configuration.host` and port (0: any free one), telling the port it bound
    /// once it serves (`tributary bench dashboards`).
    public func makeApplication(onRunning: @escaping @Sendable (Int) async -> Void) -> some ApplicationProtocol {
        Application(router: makeRouter(), configuration: .init(address: .hostname(configuration.host, port: configuration.port)),
                    onServerRunning: { channel in await onRunning(channel.localAddress?.port ?? 0) }, logger: logger)
    }

    // MARK: - Shared by the routes

    /// A form's fields, after checking its CSRF token against the session's.
    static func form(_ request: Request, _ session: Session?) async throws -> [String: String] {
        let body = try await request.body.collect(upTo: 64 * 1024)
        let fields = FormData.parse(String(buffer: body), repeated: .joined)
        if let session {
            guard let token = fields["csrf"], token == session.csrfToken else { throw BadForm("The form expired or did not come from this site. Go back, reload the page and try again.", status: .forbidden) }
        }
        return fields
    }

    /// Today in UTC as `YYYY-MM-DD` (goals' default *as of* date).
    static func today() -> String {
        SOQLDate.formatDate(SOQLDate.day(ofMilliseconds: Int64(Date().timeIntervalSince1970 * 1000)))
    }

    /// A page's query string as a form (HTML forms send spaces as `+`, which the URI's own
    /// parameters leave as is).
    static func query(_ request: Request) -> [String: String] {
        FormData.parse(request.uri.query ?? "", repeated: .joined)
    }

    /// A JSON answer (sorted keys, ISO 8601 dates, never cached).
    static func json(_ value: some Encodable, status: HTTPResponse.Status = .ok) throws -> Response {
        let encoder = JSONEncoder()
        encoder.dateEncodingStrategy = .iso8601
        encoder.outputFormatting = [.sortedKeys]
        return Response(status: status, headers: [.contentType: "application/json", .cacheControl: "no-store"],
                        body: .init(byteBuffer: ByteBuffer(bytes: Array(try encoder.encode(value)))))
    }

    static func html(_ text: String, status: HTTPResponse.Status = .ok) -> Response {
        Response(status: status, headers: [.contentType: "text/html; charset=utf-8", .cacheControl: "no-store"],
                 body: .init(byteBuffer: ByteBuffer(string: text)))
    }

    /// Only paths on this site: never an open redirect. A path must start with one `/`; and
    /// since browsers drop tabs and line breaks from URLs (`/\t/evil.example` becomes
    /// `//evil.example`) and read `\` as `/`, every character must be visible ASCII other than
    /// `\` (non-ASCII paths are percent-encoded anyway).
    static func redirect(_ path: String) -> Response {
        Response(status: .seeOther, headers: [.location: isLocalPath(path) ? path : "/"])
    }

    static func isLocalPath(_ path: String) -> Bool {
        path.hasPrefix("/") && !path.hasPrefix("//")
            && path.unicodeScalars.allSatisfy { (0x21...0x7E).contains($0.value) && $0 != "\\" }
    }
}
