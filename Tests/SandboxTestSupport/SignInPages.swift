import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1
import SalesforceKit

/// Plays the person at the sandbox org's sign-in page: follows an authorize URL, signs in,
/// answers Allow (or Deny) when asked, and returns where the org sends the browser back to
/// (the app's callback, with `code` and `state`, or `error`).
public func signInAtSandbox(_ authorizeURL: String, base: String, email: String, password: String, decision: String = "allow") async throws -> String {
    var configuration = HTTPClient.Configuration()
    configuration.redirectConfiguration = .disallow
    let browser = HTTPClient(eventLoopGroupProvider: .singleton, configuration: configuration)
    func send(_ url: String, form: String?) async throws -> (String, String?) {
        var request = HTTPClientRequest(url: url)
        if let form {
            request.method = .POST
            request.headers.add(name: "Content-Type", value: "application/x-www-form-urlencoded")
            request.body = .bytes(ByteBuffer(string: form))
        }
        let response = try await browser.execute(request, timeout: .seconds(10))
        return (String(buffer: try await response.body.collect(upTo: 1 << 20)), response.headers.first(name: "Location"))
    }
    do {
        let (page, _) = try await send(authorizeURL, form: nil)
        guard let tx = page.hiddenValue("tx") else { throw SandboxTestError("no sign-in form: \(page.prefix(300))") }
        let login = "tx=\(tx)&step=login&username=\(FormEncoding.escape(email))&password=\(FormEncoding.escape(password))"
        var (next, location) = try await send(base + "/services/oauth2/authorize", form: login)
        if location == nil {
            let allow = "tx=\(tx)&step=allow&user=\(next.hiddenValue("user") ?? "")&allowToken=\(FormEncoding.escape(next.hiddenValue("allowToken") ?? ""))&decision=\(decision)"
            (next, location) = try await send(base + "/services/oauth2/authorize", form: allow)
        }
        try await browser.shutdown()
        guard let location else { throw SandboxTestError("the sandbox did not send the browser back: \(next.prefix(300))") }
        return location
    } catch {
        try? await browser.shutdown()
        throw error
    }
}

extension String {
    /// The value of a hidden input in an HTML form.
    public func hiddenValue(_ name: String) -> String? {
        guard let r = range(of: "name=\"\(name)\" value=\"") else { return nil }
        let rest = self[r.upperBound...]
        return rest.firstIndex(of: "\"").map { String(rest[..<$0]) }
    }
}

/// Sends a JSON body to one of a sandbox org's `/_sandbox/...` controls (faults, sessions,
/// activity…); anything but a 2xx answer is an error.
public func sandboxControl(_ base: String, _ path: String, _ json: String = "{}", method: HTTPMethod = .POST, http: HTTPClient) async throws {
    var request = HTTPClientRequest(url: base + path)
    request.method = method
    request.headers.add(name: "Content-Type", value: "application/json")
    request.body = .bytes(ByteBuffer(string: json))
    let response = try await http.execute(request, timeout: .seconds(10))
    _ = try await response.body.collect(upTo: 1 << 20)
    guard response.status.code < 300 else { throw SandboxTestError("\(path) answered \(response.status)") }
}
