import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdCore
import JWTKit
import Logging
import NIOCore
import WebForms

/// `/services/oauth2/*`: the authorize pages (sign-in, Allow), token, revoke, userinfo.
extension SandboxServer {
    func oauth(_ request: APIRequest) async throws -> Response {
        let endpoint = request.parts.count > 2 ? request.parts[2] : ""
        switch (endpoint, request.method) {
        case ("authorize", .get): return authorizePage(request)
        case ("authorize", .post): return signIn(request)
        case ("token", .post): return try await token(request)
        case ("token", _): throw OAuthError("invalid_request", "must use HTTP POST")
        case ("revoke", .post), ("revoke", .get):
            let params = request.method == .post ? FormData.parse(request.bodyText) : request.query
            guard let token = params["token"], auth.revoke(token) else { throw OAuthError("invalid_token", "Token was invalid") }
            return Response(status: .ok)
        case ("userinfo", .get):
            let user = try authorize(request)
            return Reply.json(identityJSON(user: user))
        default:
            throw SalesforceFault.notFound
        }
    }

    private func authorizePage(_ request: APIRequest) -> Response {
        let q = request.query
        guard q["response_type"] == "code" else {
            return Reply.html(OAuthPages.error("unsupported_response_type", "response type not supported"), status: .badRequest)
        }
        guard let clientID = q["client_id"], clientID == auth.clientID else {
            return Reply.html(OAuthPages.error("invalid_client_id", "client identifier invalid"), status: .badRequest)
        }
        guard let redirect = q["redirect_uri"], auth.acceptsRedirect(redirect) else {
            return Reply.html(OAuthPages.error("redirect_uri_mismatch", "redirect_uri must match configuration"), status: .badRequest)
        }
        if let method = q["code_challenge_method"], method != "S256", q["code_challenge"] != nil {
            return Reply.redirect(OAuthPages.callback(redirect, [("error", "invalid_request"), ("error_description", "unsupported code_challenge_method")], state: q["state"]))
        }
        let pending = AuthorizeRequest(
            clientID: clientID, redirectURI: redirect, state: q["state"], scope: q["scope"] ?? "api refresh_token",
            codeChallenge: q["code_challenge"], prompt: q["prompt"])
        let id = auth.beginSignIn(pending)
        return Reply.html(OAuthPages.signIn(transaction: id, username: q["login_hint"] ?? "", message: nil))
    }

    /// The sign-in form posts here (`step=login`), and so does the Allow page (`step=allow`).
    private func signIn(_ request: APIRequest) -> Response {
        let form = FormData.parse(request.bodyText)
        guard let id = form["tx"], let pending = auth.pendingSignIn(id) else {
            return Reply.html(OAuthPages.error("invalid_request", "Your sign-in session expired. Start again from the application."), status: .badRequest)
        }
        if form["step"] == "allow" {
            guard let userIndex = form["user"].flatMap(Int.init), let user = auth.users.first(where: { $0.index == userIndex }),
                form["allowToken"] == allowToken(tx: id, user: userIndex)
            else {
                return Reply.html(OAuthPages.error("invalid_request", "The approval could not be verified."), status: .badRequest)
            }
            auth.finishSignIn(id)
            if form["decision"] != "allow" {
                return Reply.redirect(OAuthPages.callback(pending.redirectURI, [("error", "access_denied"), ("error_description", "end-user denied authorization")], state: pending.state))
            }
            auth.approve(user: user.index, client: pending.clientID)
            return Reply.redirect(OAuthPages.callback(pending.redirectURI, [("code", auth.issueCode(for: pending, user: user.index))], state: pending.state))
        }
        guard let user = auth.authenticate(username: form["username"] ?? "", password: form["password"] ?? "") else {
            return Reply.html(OAuthPages.signIn(transaction: id, username: form["username"] ?? "", message: "Please check your username and password. If you still can't log in, contact your Salesforce administrator."), status: .unauthorized)
        }
        if auth.hasApproved(user: user.index, client: pending.clientID), !(pending.prompt ?? "").contains("consent") {
            auth.finishSignIn(id)
            return Reply.redirect(OAuthPages.callback(pending.redirectURI, [("code", auth.issueCode(for: pending, user: user.index))], state: pending.state))
        }
        return Reply.html(OAuthPages.allow(transaction: id, user: user, token: allowToken(tx: id, user: user.index), scope: pending.scope))
    }

    /// Binds the Allow form to the user who signed in, so the form cannot be replayed for another.
    private func allowToken(tx: String, user: Int) -> String {
        auth.signature(identityURL: tx, issuedAt: String(user))
    }

    private func token(_ request: APIRequest) async throws -> Response {
        let form = FormData.parse(request.bodyText)
        var clientID = form["client_id"]
        var secret = form["client_secret"]
        if let basic = request.headers[.authorization], basic.hasPrefix("Basic "),
            let decoded = Data(base64Encoded: String(basic.dropFirst(6))).map({ String(decoding: $0, as: UTF8.self) })
        {
            let pair = decoded.split(separator: ":", maxSplits: 1).map(String.init)
            clientID = pair.first
            secret = pair.count > 1 ? pair[1] : nil
        }
        guard let grantType = form["grant_type"] else { throw OAuthError("invalid_request", "grant type is missing") }
        switch grantType {
        case "authorization_code":
            try checkClient(clientID, secret: secret, secretRequired: form["code_verifier"] == nil)
            guard let code = form["code"] else { throw OAuthError("invalid_request", "code is missing") }
            switch auth.redeem(code: code, clientID: clientID ?? "", redirectURI: form["redirect_uri"], verifier: form["code_verifier"]) {
            case .failed(let error): throw error
            case .granted(let grant):
                let wantsRefresh = grant.scope.split(separator: " ").contains { $0 == "refresh_token" || $0 == "offline_access" || $0 == "full" }
                let refresh = wantsRefresh ? auth.issueRefreshToken(user: grant.user) : nil
                if let refresh { auth.noteRefreshToken(refresh, forCode: code) }
                return tokenResponse(user: grant.user, refreshToken: refresh, includeRefresh: true, scope: grant.scope)
            }
        case "refresh_token":
            try checkClient(clientID, secret: secret, secretRequired: false)
            guard let refresh = form["refresh_token"] else { throw AuthService.expiredGrant }
            switch await auth.refresh(refresh) {
            case .failed(let error): throw error
            case .granted(let user, let token, let rotated):
                return tokenResponse(user: user, refreshToken: token, includeRefresh: rotated, scope: "refresh_token api id")
            }
        case "password":
            try checkClient(clientID, secret: secret, secretRequired: true)
            guard let user = auth.authenticate(username: form["username"] ?? "", password: form["password"] ?? "") else {
                throw OAuthError("invalid_grant", "authentication failure")
            }
            return tokenResponse(user: user.index, refreshToken: nil, includeRefresh: false, scope: "api id")
        case "urn:ietf:params:oauth:grant-type:jwt-bearer":
            let user = try await jwtBearerUser(form["assertion"])
            return tokenResponse(user: user, refreshToken: nil, includeRefresh: false, scope: "api id")
        default:
            throw OAuthError("unsupported_grant_type", "grant type not supported")
        }
    }

    private func checkClient(_ clientID: String?, secret: String?, secretRequired: Bool) throws(OAuthError) {
        guard clientID == auth.clientID else { throw OAuthError("invalid_client_id", "client identifier invalid") }
        if let secret {
            guard secret == auth.clientSecret else { throw OAuthError("invalid_client", "invalid client credentials") }
        } else if secretRequired {
            throw OAuthError("invalid_client", "invalid client credentials")
        }
    }

    struct BearerClaims: JWTPayload {
        var iss: IssuerClaim
        var sub: SubjectClaim
        var aud: AudienceClaim
        var exp: ExpirationClaim
        func verify(using algorithm: some JWTAlgorithm) async throws { try exp.verifyNotExpired() }
    }

    private func jwtBearerUser(_ assertion: String?) async throws -> Int {
        guard let assertion, let pem = auth.jwtPublicKeyPEM else { throw OAuthError("invalid_grant", "invalid assertion") }
        let keys = JWTKeyCollection()
        await keys.add(rsa: try Insecure.RSA.PublicKey(pem: pem), digestAlgorithm: .sha256)
        let claims: BearerClaims
        do {
            claims = try await keys.verify(assertion, as: BearerClaims.self)
        } catch {
            throw OAuthError("invalid_grant", "invalid assertion")
        }
        guard claims.iss.value == auth.clientID else { throw OAuthError("invalid_client_id", "client identifier invalid") }
        let audiences = [baseURL, "https://login.salesforce.com", "https://test.salesforce.com"]
        guard claims.aud.value.contains(where: audiences.contains) else { throw OAuthError("invalid_grant", "audience is invalid") }
        guard let user = auth.user(named: claims.sub.value) else { throw OAuthError("invalid_grant", "user hasn't approved this consumer") }
        return user.index
    }

    func identityURL(user: Int) -> String {
        "\(baseURL)/id/\(auth.organizationID)/\(SalesforceID.make(prefix: "005", index: user))"
    }

    private func tokenResponse(user: Int, refreshToken: String?, includeRefresh: Bool, scope: String) -> Response {
        let access = auth.issueAccessToken(user: user, refreshToken: refreshToken)
        let issuedAt = String(auth.clock())
        let id = identityURL(user: user)
        var pairs: [(String, JSON)] = [("access_token", .string(access))]
        if includeRefresh, let refreshToken { pairs.append(("refresh_token", .string(refreshToken))) }
        pairs += [
            ("signature", .string(auth.signature(identityURL: id, issuedAt: issuedAt))), ("scope", .string(scope)),
            ("instance_url", .string(baseURL)), ("id", .string(id)), ("token_type", "Bearer"), ("issued_at", .string(issuedAt)),
        ]
        return Reply.json(.object(pairs), headers: [.cacheControl: "no-cache,must-revalidate,max-age=0,no-store,private"])
    }

    /// `GET /id/{orgId}/{userId}`: who the token belongs to.
    func identity(_ request: APIRequest) throws -> Response {
        let user = try authorize(request)
        guard request.parts.count == 3, request.parts[1] == auth.organizationID,
            SalesforceID.parse(request.parts[2])?.index == user
        else { throw OAuthError("Bad_Id", "Bad id", status: 403) }
        return Reply.json(identityJSON(user: user))
    }

    func identityJSON(user: Int) -> JSON {
        let person = auth.users.first { $0.index == user }
        let userID = SalesforceID.make(prefix: "005", index: user)
        let org15 = String(auth.organizationID.prefix(15))
        let urls: [(String, JSON)] = [
            ("enterprise", .string("\(baseURL)/services/Soap/c/{version}/\(org15)")),
            ("metadata", .string("\(baseURL)/services/Soap/m/{version}/\(org15)")),
            ("partner", .string("\(baseURL)/services/Soap/u/{version}/\(org15)")),
            ("rest", .string("\(baseURL)/services/data/v{version}/")),
            ("sobjects", .string("\(baseURL)/services/data/v{version}/sobjects/")),
            ("search", .string("\(baseURL)/services/data/v{version}/search/")),
            ("query", .string("\(baseURL)/services/data/v{version}/query/")),
            ("recent", .string("\(baseURL)/services/data/v{version}/recent/")),
            ("profile", .string("\(baseURL)/\(userID)")), ("custom_domain", .string(baseURL)),
        ]
        return .object([
            ("id", .string(identityURL(user: user))), ("asserted_user", true), ("user_id", .string(userID)),
            ("organization_id", .string(auth.organizationID)), ("username", .optional(person?.username)),
            ("nick_name", .optional(person?.username.split(separator: "@").first.map(String.init))),
            ("display_name", .string(user == 0 ? "Sandbox Admin" : "Sandbox User \(user)")),
            ("email", .optional(person?.username)), ("email_verified", true), ("first_name", "Sandbox"),
            ("last_name", .string(user == 0 ? "Admin" : "User \(user)")), ("timezone", "America/Los_Angeles"),
            ("active", true), ("user_type", "STANDARD"), ("language", "en_US"), ("locale", "en_US"),
            ("utcOffset", .int(-28_800_000)), ("urls", .object(urls)), ("is_app_installed", true),
        ])
    }
}
