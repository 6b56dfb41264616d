import Hummingbird

/// Roles in the types (Hummingbird's child request contexts): a route added to a group gets a
/// context that can only exist for the roles the group admits, made before the handler runs.
/// A handler therefore never checks a role: `SignedInContext.session` is not optional, and an
/// `AdminContext` cannot be made for anyone but an admin. `AccessPolicy` stays in front of
/// every request as the path rule (unknown paths, API keys); `RouteListTests` checks both agree.
protocol SessionContext: RequestContext {
    var session: Session { get }
    /// The session cookie's value (the OAuth round trip is bound to it).
    var sessionToken: String? { get }
}

/// Signed in, any role: Read-Only users and up.
struct SignedInContext: ChildRequestContext, SessionContext {
    var coreContext: CoreRequestContextStorage
    let session: Session
    let sessionToken: String?

    init(context: AppContext) throws {
        guard let session = context.session else { throw Redirect(to: "/sign-in") }
        coreContext = context.coreContext
        self.session = session
        sessionToken = context.sessionToken
    }
}

/// Admin and Standard users: they build reports and dashboards and see the plumbing.
struct AuthorContext: ChildRequestContext, SessionContext {
    var coreContext: CoreRequestContextStorage
    let session: Session
    let sessionToken: String?

    init(context: AppContext) throws {
        guard let session = context.session else { throw Redirect(to: "/sign-in") }
        guard session.user.role.includes(.standard) else {
            throw Forbidden("This needs the Standard role and you are \(session.user.role.label). Ask an admin of your Tributary to change your role.")
        }
        coreContext = context.coreContext
        self.session = session
        sessionToken = context.sessionToken
    }
}

/// Admins only.
struct AdminContext: ChildRequestContext, SessionContext {
    var coreContext: CoreRequestContextStorage
    let session: Session
    let sessionToken: String?

    init(context: AppContext) throws {
        guard let session = context.session else { throw Redirect(to: "/sign-in") }
        guard session.user.role == .admin else { throw Forbidden() }
        coreContext = context.coreContext
        self.session = session
        sessionToken = context.sessionToken
    }
}

/// The API's reads: an API key's user, or a signed-in session (the pages poll progress),
/// Standard or Admin.
struct APIReaderContext: ChildRequestContext {
    var coreContext: CoreRequestContextStorage
    let user: User

    init(context: AppContext) throws {
        guard let user = context.apiUser ?? context.session?.user else { throw APIContexts.unauthorized }
        guard user.role.includes(.standard) else { throw HTTPError(.forbidden, message: "This needs the Standard role; \(user.email) is \(user.role.label).") }
        coreContext = context.coreContext
        self.user = user
    }
}

/// `/metrics`: an admin's API key or session (it shows every connection's errors).
struct MetricsReaderContext: ChildRequestContext {
    var coreContext: CoreRequestContextStorage
    let user: User

    init(context: AppContext) throws {
        guard let user = context.apiUser ?? context.session?.user else { throw APIContexts.unauthorized }
        guard user.role == .admin else { throw HTTPError(.forbidden, message: "This needs the Admin role; \(user.email) is \(user.role.label).") }
        coreContext = context.coreContext
        self.user = user
    }
}

/// The API's changes: an API key of an admin (a session never, so no cross-site form can post).
struct APIWriterContext: ChildRequestContext {
    var coreContext: CoreRequestContextStorage
    let user: User

    init(context: AppContext) throws {
        guard let user = context.apiUser else { throw APIContexts.unauthorized }
        guard user.role == .admin else { throw HTTPError(.forbidden, message: "This needs the Admin role; the key acts as \(user.email), who is \(user.role.label).") }
        coreContext = context.coreContext
        self.user = user
    }
}

enum APIContexts {
    static let unauthorized = HTTPError(.unauthorized, message: "Send an API key as 'Authorization: Bearer trb_…' (an admin creates keys under Account Settings > API Keys).")
}

/// Where each route goes: the group decides who may call it.
struct RouteGroups {
    /// No sign-in needed (sign-in, setup, health, scripts, the OpenAPI document).
    let open: Router<AppContext>
    let signedIn: RouterGroup<SignedInContext>
    let authors: RouterGroup<AuthorContext>
    let admins: RouterGroup<AdminContext>
    let apiReaders: RouterGroup<APIReaderContext>
    let apiWriters: RouterGroup<APIWriterContext>
    let metricsReaders: RouterGroup<MetricsReaderContext>

    init(_ router: Router<AppContext>) {
        open = router
        signedIn = router.group(context: SignedInContext.self)
        authors = router.group(context: AuthorContext.self)
        admins = router.group(context: AdminContext.self)
        apiReaders = router.group(context: APIReaderContext.self)
        apiWriters = router.group(context: APIWriterContext.self)
        metricsReaders = router.group(context: MetricsReaderContext.self)
    }
}
