import Foundation
import Hummingbird
import SalesforceKit
import Sync
import Warehouse

/// The end of Connect to Salesforce: Salesforce sends the browser back with `code` and `state`.
struct OAuthController: RouteController {
    let signIn: SalesforceSignIn
    let service: ConnectionService
    let runner: CycleRunner

    func addRoutes(to groups: RouteGroups) {
        groups.admins.get("/oauth/callback") { request, context -> Response in
            let session = context.session
            let query = request.uri.queryParameters
            guard let state = query.get("state"), let (signIn, loginHost) = try await self.signIn.pending.take(state, sessionToken: context.sessionToken) else {
                throw BadForm("This sign-in is unknown, expired or was started in another browser session. Start again from Connections.")
            }
            if let error = query.get("error") {
                let description = query.get("error_description") ?? ""
                let message = error == "access_denied"
                    ? "You did not allow Tributary access to Salesforce, so nothing was connected. To connect, start again and click Allow."
                    : "Salesforce refused the sign-in (\(error)\(description.isEmpty ? "" : ": \(description)")). Nothing was connected."
                return WebApp.html(HTML.page("Not connected", session: session, body: Pages.problem(message)), status: .badRequest)
            }
            guard let code = query.get("code"), !code.isEmpty else { throw BadForm("Salesforce sent no authorization code. Start again from Connections.") }
            let app = try self.signIn.oauthApp(loginHost)
            let record: ConnectionRecord
            do {
                let tokens = try await OAuthClient(app: app, http: self.service.http).exchange(code: code, codeVerifier: signIn.verifier)
                record = try await self.service.connect(
                    name: signIn.connectionName, loginHost: loginHost, clientID: app.clientID, clientSecret: app.clientSecret,
                    credentials: .tokens(tokens), redirectURI: app.redirectURI)
            } catch let error as ConnectionError {
                return WebApp.html(HTML.page("Not connected", session: session, body: Pages.problem(error.description)), status: .badRequest)
            } catch let error as SalesforceError {
                return WebApp.html(HTML.page("Not connected", session: session, body: Pages.problem("Salesforce refused: \(error.description). Nothing was connected.")),
                                   status: .badGateway)
            }
            self.runner.start(record)
            return WebApp.redirect("/connections")
        }
    }
}
