import Synchronization

/// The refresh-token grant as Salesforce runs it: one token request at a time per refresh token,
/// and, with Refresh Token Rotation, a new refresh token each time with reuse detection.
extension AuthService {
    enum Refreshed {
        /// The user, and the refresh token to answer (a new one when rotating).
        case granted(user: Int, refreshToken: String, rotated: Bool)
        case failed(OAuthError)
    }

    static let expiredGrant = OAuthError("invalid_grant", "expired access/refresh token")
    /// Salesforce's answer to a second request with a refresh token whose first is still being
    /// processed (Summer '24 release note; segmentio/action-destinations#2300).
    static let alreadyProcessing = OAuthError("invalid_grant", "token request is already being processed")

    func refresh(_ token: String) async -> Refreshed {
        let begun: Refreshed? = state.withLock { s in
            if s.rotatedOut.contains(token) {
                // Reuse of a retired token: the family is compromised, so all of it goes.
                AuthService.revokeRefresh(token, in: &s)
                return .failed(AuthService.expiredGrant)
            }
            guard s.refresh[token] != nil else { return .failed(AuthService.expiredGrant) }
            guard s.inFlight.insert(token).inserted else { return .failed(AuthService.alreadyProcessing) }
            return nil
        }
        if let begun { return begun }
        if refreshProcessingMs > 0 { try? await Task.sleep(for: .milliseconds(refreshProcessingMs)) }
        return state.withLock { s in
            s.inFlight.remove(token)
            guard let user = s.refresh[token] else { return .failed(AuthService.expiredGrant) }
            guard rotatesRefreshTokens else { return .granted(user: user, refreshToken: token, rotated: false) }
            let family = s.familyOf[token] ?? token
            let next = AuthService.newRefreshToken()
            s.refresh.removeValue(forKey: token)
            s.rotatedOut.insert(token)
            s.refresh[next] = user
            s.familyOf[next] = family
            return .granted(user: user, refreshToken: next, rotated: true)
        }
    }
}
