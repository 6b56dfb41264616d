import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdCore
import Logging
import NIOCore

/// Everything `tributary sandbox` can set. Defaults give a working org with two users.
public struct SandboxConfiguration: Sendable {
    public var host = "127.0.0.1"
    /// 0 picks a free port.
    public var port = 7777
    public var seed: UInt64 = 42
    public var scale = 1
    /// When the generated history ends; nil: the start of the current UTC day.
    public var asOf: Int64?
    public var clientID = "3MVG9TributarySandboxClientIdForLocalTestingOnly0000000000000000000000000000000000000"
    public var clientSecret = "TRIBUTARY0SANDBOX0SECRET"
    /// The users that can sign in. The first one with API access is the org's admin.
    public var users: [(email: String, password: String, apiEnabled: Bool)] = [
        ("admin@tributary.sandbox", "sandbox-admin-1", true),
        ("noapi@tributary.sandbox", "sandbox-noapi-1", false),
    ]
    /// An integration user without *View All Data* whose field-level security hides some fields
    /// (`RestrictedUser`); it signs in after the users above. Nil: no such user.
    public var restrictedUser: (email: String, password: String)?
    /// Answer every API call with `API_DISABLED_FOR_ORG`, as an edition without API access does.
    public var apiDisabledForOrg = false
    /// Extra managed-package custom fields on Account, Contact, Lead and Opportunity, with data
    /// (0: none). A few hundred push a REST query past the 16,384-byte URI limit.
    public var wideObjectFields = 0
    /// Small custom objects added after the usual ones (`Extra001__c` …), each with a few fields
    /// and five records (0: none): `--extra-objects 280` makes an org of 300 objects.
    public var extraObjects = 0
    /// Objects whose dates (`SystemModstamp`, `LastModifiedDate`, `CreatedDate`) describe as not
    /// filterable, as some objects of production orgs do: a query filtering on them is refused,
    /// so a client must copy them whole. Empty: every date filters as usual.
    public var unfilterableDates: [String] = []
    /// Archive Task and Event as Salesforce does (closed ones older than 365 days before `asOf`):
    /// `query` leaves them out, `queryAll` returns them. Off: no activity is archived.
    public var archiveActivities = false
    /// Amounts in five currencies: `CurrencyIsoCode` on every object with a currency field, and
    /// the `CurrencyType` and `DatedConversionRate` objects (`MultiCurrency`). Off: one currency.
    public var multiCurrency = false
    /// gzip (or deflate) response bodies for clients that send `Accept-Encoding`, as Salesforce
    /// does. Off: bodies go out as they are, whatever the client accepts.
    public var compressResponses = false
    /// How long an access token (a session) lives; then `INVALID_SESSION_ID`.
    public var accessTokenLifetimeSeconds = 7_200
    /// A REST query cursor answers only the access token that opened it (others get 401
    /// `INVALID_SESSION_ID`), as Salesforce's query locators do. Off: any token of the same user.
    public var sessionBoundCursors = true
    /// Refresh Token Rotation: each refresh answers a new refresh token and retires the one sent;
    /// sending a retired one revokes every token of its family.
    public var rotateRefreshTokens = false
    /// How long a refresh grant is processed (ms); a second request with the same refresh token
    /// meanwhile gets 400 `invalid_grant` "token request is already being processed".
    public var refreshProcessingMs = 0
    /// Daily API request limit reported by `/limits` and `Sforce-Limit-Info`.
    public var dailyAPIRequests = 1_000_000
    /// Allowed OAuth callback URLs; empty: any loopback URL.
    public var callbackURLs: [String] = []
    public var tls: TLS?
    /// Where the sandbox writes files it creates (a self-signed certificate, the JWT key).
    public var directory: String = "data/sandbox"
    /// Continuous activity: changes per second made in the background (0: none).
    public var activityPerSecond = 0.0
    /// The org's clock in ms since the epoch; nil: the system clock. Tests move time with it.
    public var clock: (@Sendable () -> Int64)?
    /// Largest request body accepted.
    public var maxBodyBytes = 16 * 1024 * 1024

    public struct TLS: Sendable {
        /// PEM files to serve; nil: a self-signed certificate is generated into `directory`.
        public var certificatePath: String?
        public var keyPath: String?
        public init(certificatePath: String? = nil, keyPath: String? = nil) {
            self.certificatePath = certificatePath
            self.keyPath = keyPath
        }
    }

    public init() {}

    public var scheme: String { tls == nil ? "http" : "https" }
}
