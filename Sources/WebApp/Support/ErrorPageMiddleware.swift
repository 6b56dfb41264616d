import Foundation
import HTTPTypes
import Hummingbird
import Logging

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
                <p><a href="/">Back to Tributary</a></p>
                """), status: .forbidden)
        } catch let bad as BadForm {
            return WebApp.html(HTML.page("Something is not right", session: context.session, body: """
                <p class="error">\(HTML.escape(bad.message))</p><p><a href="/">Back to Tributary</a></p>
                """), status: bad.status)
        } catch let error as HTTPError {
            return WebApp.html(HTML.page(error.status == .notFound ? "Not found" : "Request refused", session: context.session,
                                         body: #"<p class="error">\#(HTML.escape(error.body ?? error.status.reasonPhrase))</p>"#), status: error.status)
        } catch {
            // An unexpected error's text can hold internals (SQL, paths, addresses, other users'
            // data): the page shows only an id, and the log holds the detail under that id.
            let id = Self.newErrorID()
            logger.error("Unexpected error", metadata: ["error.id": "\(id)", "http.method": "\(request.method)", "http.path": "\(request.uri.path)",
                                                         "error": "\(String(reflecting: error))"])
            return WebApp.html(HTML.page("Something went wrong", session: context.session, body: """
                <p class="error">Tributary could not finish this request. If it happens again, give your admin this error id: <code id="error-id">\(id)</code></p>
                """), status: .internalServerError)
        }
    }

    /// Twelve hex digits: unique enough to find one line in a log, short enough to read out.
    static func newErrorID() -> String {
        (0..<6).map { _ in String(format: "%02x", UInt8.random(in: 0...255)) }.joined()
    }
}
