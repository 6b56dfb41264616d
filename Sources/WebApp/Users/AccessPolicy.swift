import HTTPTypes
import Hummingbird

/// Who may open what by path: the web app's role policy (README, *Roles*). Every request passes
/// `AccessMiddleware`, which looks up its path here (and resolves API keys) before any route;
/// each route's group then admits only its roles by type (`RoleContexts.swift`), so a route
/// cannot forget; `RouteListTests` checks that both say the same for every route. Routes still
/// check what only they know (a report's owner, whether it is shared).
///
/// - Read-Only users are the audience of a BI tool: the analyses (dashboards, the reports shared
///   with them, goals, lead scores) and their CSV. Not the plumbing: connections, the warehouse,
///   the JSON API and `/metrics` show data sources, accounts, schemas and errors they have no
///   use for.
/// - Standard users write SQL reports and build dashboards, so they also see the warehouse's
///   tables and columns, the connections' state, and read the JSON API.
/// - Admins do everything else: users, API keys, connections, the warehouse's settings, goals,
///   `/metrics`, and every change through the API.
enum AccessPolicy {
    enum Requirement: Equatable {
        /// No sign-in needed (sign-in itself, the scripts).
        case everyone
        /// Signed in, with at least this role.
        case atLeast(Role)
    }

    struct Rule {
        /// A path and everything under it (`/reports` covers `/reports/7.csv`).
        var path: String
        var read: Requirement
        var write: Requirement
        /// Whether an API key may stand in for a session (the machine-facing routes).
        var acceptsAPIKeys = false
    }

    /// Most specific first: the first rule whose path covers the request applies.
    static let rules: [Rule] = [
        // Load balancers and orchestrators ask without a session; neither shows data.
        Rule(path: "/healthz", read: .everyone, write: .atLeast(.admin)),
        Rule(path: "/readyz", read: .everyone, write: .atLeast(.admin)),
        Rule(path: "/setup", read: .everyone, write: .everyone),
        Rule(path: "/sign-in", read: .everyone, write: .everyone),
        Rule(path: "/sign-out", read: .everyone, write: .everyone),
        Rule(path: "/assets", read: .everyone, write: .atLeast(.admin)),
        Rule(path: "/reports/new", read: .atLeast(.standard), write: .atLeast(.standard)),
        Rule(path: "/reports/build", read: .atLeast(.standard), write: .atLeast(.standard)),
        Rule(path: "/reports", read: .atLeast(.readOnly), write: .atLeast(.standard)),
        Rule(path: "/dashboards/new", read: .atLeast(.standard), write: .atLeast(.standard)),
        Rule(path: "/dashboards", read: .atLeast(.readOnly), write: .atLeast(.standard)),
        Rule(path: "/goals", read: .atLeast(.readOnly), write: .atLeast(.admin)),
        Rule(path: "/leads", read: .atLeast(.readOnly), write: .atLeast(.admin)),
        Rule(path: "/connections", read: .atLeast(.standard), write: .atLeast(.admin)),
        Rule(path: "/warehouse", read: .atLeast(.standard), write: .atLeast(.admin)),
        // A query is a read sent as POST (its spec is a JSON body): Standard users may run it.
        Rule(path: "/api/v1/openapi.json", read: .everyone, write: .atLeast(.admin)),
        Rule(path: "/api/v1/query", read: .atLeast(.standard), write: .atLeast(.standard), acceptsAPIKeys: true),
        Rule(path: "/api/v1", read: .atLeast(.standard), write: .atLeast(.admin), acceptsAPIKeys: true),
        Rule(path: "/metrics", read: .atLeast(.admin), write: .atLeast(.admin), acceptsAPIKeys: true),
        Rule(path: "/oauth", read: .atLeast(.admin), write: .atLeast(.admin)),
        Rule(path: "/users", read: .atLeast(.admin), write: .atLeast(.admin)),
        Rule(path: "/api-keys", read: .atLeast(.admin), write: .atLeast(.admin)),
    ]

    /// The home page only redirects (to sign-in, setup, or the user's home).
    static let root = Rule(path: "/", read: .everyone, write: .atLeast(.admin))
    /// A path no rule names: signed in to look, admin to change.
    static let fallback = Rule(path: "", read: .atLeast(.readOnly), write: .atLeast(.admin))

    static func rule(for path: String) -> Rule {
        if path == "/" { return root }
        return rules.first { path == $0.path || path.hasPrefix($0.path + "/") } ?? fallback
    }

    static func requirement(method: HTTPRequest.Method, path: String) -> Requirement {
        let rule = rule(for: path)
        return SameOriginMiddleware.changesState(method) ? rule.write : rule.read
    }

    /// The page a user lands on after signing in: the first one their role opens.
    static func home(for role: Role) -> String {
        role.includes(.standard) ? "/connections" : "/dashboards"
    }
}

extension Role {
    /// Whether this role may do what `other` may: admin ⊃ standard ⊃ read-only.
    func includes(_ other: Role) -> Bool { rank >= other.rank }

    private var rank: Int {
        switch self {
        case .readOnly: 0
        case .standard: 1
        case .admin: 2
        }
    }
}
