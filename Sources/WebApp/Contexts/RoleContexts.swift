import Hummingbird

/// Roles in the types (Hummingbird's child request contexts): a route added to a group gets a
/// context that can only exist for the roles the group admits, made before the handler runs.
/// A handler therefore never checks a role: `SignedInContext.session` is not optional, and an
/// `AdminContext` cannot be made for anyone but an admin. `AccessPolicy` stays in front of
/// every request as the path rule (unknown paths, API keys); `RouteListTests` checks both agree.
protocol RoleRule: Sendable {
    /// - Throws: the refusal (a page's 403, or the API's) when `user` may not call the route.
    static func admit(_ user: User) throws
}

/// Any signed-in user: Read-Only users and up.
enum AnyRole: RoleRule {
    static func admit(_ user: User) throws {}
}

/// Admin and Standard users: they build reports and dashboards and see the plumbing.
enum Authors: RoleRule {
    static func admit(_ user: User) throws {
        guard user.role.includes(.standard) else {
            throw Forbidden("This needs the Standard role and you are \(user.role.label). Ask an admin of your Tributary to change your role.")
        }
    }
}

enum Admins: RoleRule {
    static func admit(_ user: User) throws {
        guard user.role == .admin else { throw Forbidden() }
    }
}

/// What a page's handler gets: the session, never optional, of a user the rule admits.
struct PageContext<Rule: RoleRule>: ChildRequestContext {
    var coreContext: CoreRequestContextStorage
    let session: Session
    /// The session cookie's value (the OAuth round trip is bound to it).
    let sessionToken: String?

    init(context: AppContext) throws {
        guard let session = context.session else { throw Redirect(to: "/sign-in") }
        try Rule.admit(session.user)
        coreContext = context.coreContext
        self.session = session
        sessionToken = context.sessionToken
    }
}

typealias SignedInContext = PageContext<AnyRole>
typealias AuthorContext = PageContext<Authors>
typealias AdminContext = PageContext<Admins>

/// Who an API route takes: an API key's user, and for reads a signed-in session too (the pages
/// poll progress). Changes take keys only, so no page of another site can make one.
protocol APIRule: Sendable {
    static var acceptsSessions: Bool { get }
    static var least: Role { get }
}

enum APIReads: APIRule {
    static let acceptsSessions = true
    static let least = Role.standard
}

enum APIWrites: APIRule {
    static let acceptsSessions = false
    static let least = Role.admin
}

/// `/metrics`: an admin's key or session (it shows every connection's errors).
enum MetricsReads: APIRule {
    static let acceptsSessions = true
    static let least = Role.admin
}

struct APIContext<Rule: APIRule>: ChildRequestContext {
    var coreContext: CoreRequestContextStorage
    let user: User

    init(context: AppContext) throws {
        guard let user = context.apiUser ?? (Rule.acceptsSessions ? context.session?.user : nil) else {
            throw HTTPError(.unauthorized, message: "Send an API key as 'Authorization: Bearer trb_…' (an admin creates keys under Account Settings > API Keys).")
        }
        guard user.role.includes(Rule.least) else {
            throw HTTPError(.forbidden, message: "This needs the \(Rule.least.label) role; \(user.email) is \(user.role.label).")
        }
        coreContext = context.coreContext
        self.user = user
    }
}

/// Where each route goes: the group decides who may call it.
struct RouteGroups {
    /// No sign-in needed (sign-in, setup, health, scripts, the OpenAPI document).
    let open: Router<AppContext>
    let signedIn: RouterGroup<SignedInContext>
    let authors: RouterGroup<AuthorContext>
    let admins: RouterGroup<AdminContext>
    let apiReaders: RouterGroup<APIContext<APIReads>>
    let apiWriters: RouterGroup<APIContext<APIWrites>>
    let metricsReaders: RouterGroup<APIContext<MetricsReads>>

    init(_ router: Router<AppContext>) {
        open = router
        signedIn = router.group(context: SignedInContext.self)
        authors = router.group(context: AuthorContext.self)
        admins = router.group(context: AdminContext.self)
        apiReaders = router.group(context: APIContext<APIReads>.self)
        apiWriters = router.group(context: APIContext<APIWrites>.self)
        metricsReaders = router.group(context: APIContext<MetricsReads>.self)
    }
}
