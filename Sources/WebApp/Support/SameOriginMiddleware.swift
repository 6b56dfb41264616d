import Foundation
import HTTPTypes
import Hummingbird

/// Refuses requests that change something when a browser says they come from another site.
///
/// The CSRF token protects the forms of a session, but sign-in and first-admin setup have no
/// session yet: another site could sign a visitor in to an account of its choosing, or create
/// the first admin of a fresh install. So every state-changing request passes here once.
/// Browsers say where a request comes from in `Sec-Fetch-Site` (newer) or `Origin` (all POSTs
/// of current browsers); a request with neither is not from a browser's cross-site form (curl,
/// scripts with an API key) and goes on to the routes' own checks.
struct SameOriginMiddleware: RouterMiddleware {
    typealias Context = AppContext
    /// The origin browsers reach Tributary at (`--public-url`), besides the request's own host.
    let publicOrigin: String?

    init(configuration: WebAppConfiguration) {
        publicOrigin = Self.origin(of: configuration.baseURL)
    }

    func handle(_ request: Request, context: AppContext, next: (Request, AppContext) async throws -> Response) async throws -> Response {
        guard !Self.changesState(request.method) || isSafe(request) else {
            throw HTTPError(.forbidden, message: "This request came from another site, so Tributary refused it. Open Tributary itself and try again.")
        }
        return try await next(request, context)
    }

    static func changesState(_ method: HTTPRequest.Method) -> Bool {
        ![HTTPRequest.Method.get, .head, .options].contains(method)
    }

    private func isSafe(_ request: Request) -> Bool {
        if let site = HTTPField.Name("Sec-Fetch-Site").flatMap({ request.headers[$0] }) {
            // "none": the user typed or bookmarked it; "same-site" is a sibling host, which may be someone else's.
            return site == "same-origin" || site == "none"
        }
        guard let origin = request.headers[.origin] else { return true }
        let claimed = origin.lowercased()
        if let publicOrigin, claimed == publicOrigin { return true }
        // Behind no proxy the browser's origin is the Host it sent; "null" (sandboxed frames,
        // some redirects) matches nothing.
        guard let host = request.head.authority?.lowercased() else { return false }
        return claimed == "http://" + host || claimed == "https://" + host
    }

    /// `scheme://host[:port]` of a URL, lower-cased; nil when it has no host.
    static func origin(of url: String) -> String? {
        guard let components = URLComponents(string: url), let scheme = components.scheme, let host = components.host else { return nil }
        return (scheme + "://" + host + (components.port.map { ":\($0)" } ?? "")).lowercased()
    }
}
