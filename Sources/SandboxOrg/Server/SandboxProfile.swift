/// Named sets of behaviours. `plain` is the sandbox as it always was; `production` switches on
/// every hard edge production orgs have that the sandbox can emulate, so one flag gives a client
/// the org it will meet in the field (each behaviour also has a flag of its own).
public enum SandboxProfile: String, Sendable, CaseIterable {
    case plain
    case production

    /// Managed-package fields per wide object under `production`: the measurement used
    /// 400, enough to push Account's REST query past the URI limit.
    public static let productionWideFields = 400
    /// How long a refresh grant takes under `production`: long enough for two clients that
    /// refresh at once to collide, as they do on Salesforce.
    public static let productionRefreshProcessingMs = 200

    /// Turns the profile's behaviours on; settings the profile does not name stay as they are.
    /// Values already set above the profile's (more wide fields) are kept.
    public func apply(to configuration: inout SandboxConfiguration) {
        guard self == .production else { return }
        configuration.archiveActivities = true
        configuration.multiCurrency = true
        configuration.sessionBoundCursors = true
        configuration.rotateRefreshTokens = true
        configuration.compressResponses = true
        if configuration.restrictedUser == nil { configuration.restrictedUser = (RestrictedUser.defaultEmail, RestrictedUser.defaultPassword) }
        configuration.refreshProcessingMs = max(configuration.refreshProcessingMs, Self.productionRefreshProcessingMs)
        if configuration.wideObjectFields == 0 { configuration.wideObjectFields = Self.productionWideFields }
    }
}
