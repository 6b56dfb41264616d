import AsyncHTTPClient
import Foundation
import Hummingbird
import SalesforceKit

/// Connect to Salesforce's two ends: the environment a form names, the connected app, and the
/// sign-in begun with PKCE and a state kept in the app's store (so Salesforce may send the
/// browser back to any replica).
struct SalesforceSignIn: Sendable {
    let configuration: WebAppConfiguration
    let pending: PendingSignIns
    let http: HTTPClient

    /// The environments of the Connect form: production, sandbox, a My Domain URL (https on a
    /// Salesforce host, checked by `SalesforceOrigin`, never loopback), or the local sandbox org
    /// that `serve --demo` started.
    func loginHost(environment: String, myDomain: String) throws -> LoginHost {
        switch environment {
        case "production": return .production
        case "sandbox": return .sandbox
        case "local":
            guard let url = configuration.sandboxLoginURL else { throw BadForm("There is no local sandbox org: it is offered by `tributary serve --demo`.") }
            do { return try .localSandbox(url) } catch { throw BadForm("The local sandbox org's URL is not on this machine: \(error).") }
        case "mydomain":
            do {
                return try LoginHost(url: myDomain.trimmingCharacters(in: .whitespaces), policy: .salesforce)
            } catch {
                throw BadForm("A My Domain URL looks like https://yourcompany.my.salesforce.com.")
            }
        default:
            throw BadForm("Choose production, sandbox or My Domain.")
        }
    }

    func oauthApp(_ host: LoginHost) throws -> OAuthApp {
        guard let clientID = configuration.clientID else {
            throw BadForm("Tributary has no Salesforce connected app configured: set TRIBUTARY_SALESFORCE_CLIENT_ID and TRIBUTARY_SALESFORCE_CLIENT_SECRET (see the README).",
                          status: .serviceUnavailable)
        }
        return OAuthApp(clientID: clientID, clientSecret: configuration.clientSecret, redirectURI: configuration.callbackURL, loginHost: host)
    }

    /// Sends the browser to Salesforce's authorize endpoint with PKCE and a state bound to this session.
    func begin(session: Session, token: String?, name: String, host: LoginHost, connectionID: Int64?) async throws -> Response {
        guard let token else { throw Redirect(to: "/sign-in") }
        let app = try oauthApp(host)
        let pkce = PKCE.make()
        let state = try await pending.start(.init(sessionToken: token, verifier: pkce.verifier, connectionName: name, loginHost: host, connectionID: connectionID))
        let url = OAuthClient(app: app, http: http).authorizeURL(state: state, codeChallenge: pkce.challenge, scopes: ["api", "refresh_token", "id"])
        return Response(status: .seeOther, headers: [.location: url])
    }
}
