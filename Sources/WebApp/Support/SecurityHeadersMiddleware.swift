import HTTPTypes
import Hummingbird

/// Headers that tell browsers to contain what the app serves, on every response (error pages,
/// CSV and JSON included):
/// - `Content-Security-Policy`: scripts only from this site's files (no inline script, no
///   `javascript:` URLs, no `eval`), nothing from other hosts, no plugins, no `<base>` tricks,
///   and no framing (`frame-ancestors 'none'`, against clickjacking). Styles may be inline: the
///   pages carry one `<style>` and the server-drawn charts use `style` attributes, and CSS
///   cannot run script.
/// - `X-Frame-Options: DENY`, the same refusal for browsers older than `frame-ancestors`.
/// - `X-Content-Type-Options: nosniff`: a CSV or JSON body is never run as a script or page.
/// - `Referrer-Policy: same-origin`: page addresses (report ids, filters) never leave the site.
///
/// No `form-action`: Connect to Salesforce is a form whose answer redirects to Salesforce,
/// which browsers would block.
struct SecurityHeadersMiddleware<Context: RequestContext>: RouterMiddleware {
    static var contentSecurityPolicy: String {
        "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; object-src 'none'; base-uri 'none'; frame-ancestors 'none'"
    }

    static var headers: [(String, String)] {
        [("Content-Security-Policy", contentSecurityPolicy), ("X-Frame-Options", "DENY"),
         ("X-Content-Type-Options", "nosniff"), ("Referrer-Policy", "same-origin")]
    }

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        var response = try await next(request, context)
        for (name, value) in Self.headers {
            if let field = HTTPField.Name(name) { response.headers[field] = value }
        }
        return response
    }
}
