import Foundation

/// A Salesforce org the product syncs from.
public struct ConnectionRecord: Sendable, Codable, Equatable {
    public enum AuthKind: String, Sendable, Codable, CaseIterable { case oauth, password, jwt }
    public enum Status: String, Sendable, Codable, CaseIterable {
        case connected
        /// Written only by versions that kept "a cycle runs" in the connection's row; kept so
        /// their rows still read. Whether a cycle runs is the cycles' answer
        /// (`Warehouse.liveWholeCycle`), never this status.
        case syncing
        case reauthenticationRequired = "reauthentication_required"
        case error
    }

    /// Nil until the record is first saved.
    public var id: Int64?
    public var name: String
    public var kind: String
    public var loginURL: String
    public var instanceURL: String?
    public var organizationID: String?
    public var username: String?
    public var authKind: AuthKind
    public var clientID: String?
    /// Tokens and passwords, sealed by the caller (see `SecretBox`); never stored in the clear.
    public var secretsCiphertext: Data?
    public var status: Status
    public var lastError: String?
    /// The share of the org's daily API quota this connection may use.
    public var apiShare: Double
    public var createdAt: Date
    public var lastSuccessfulUpdateBegan: Date?
    public var lastDataPointReceived: Date?
    /// Scheduled update cycles start this many minutes after the last one began.
    public var updateEveryMinutes: Int
    /// Blackout hours (UTC): no scheduled cycle starts at or after `start` and before `end`
    /// (wrapping midnight when `end` < `start`); nil when the connection has none.
    public var blackout: BlackoutHours?
    /// *Email me when complete*: where the end of each cycle is announced.
    public var notifyEmail: String?
    public var notifyWebhook: String?
    /// What the connected user could see at the last check; nil before the first. Written only
    /// by `MetadataStore.updateConnectionAccess` (a save of the record leaves it as it is).
    public var access: AccessFindings?
    /// Id reconciliation deletes rows that the org no longer answers even though the user lacks
    /// *View All Data* (then a row it cannot see looks deleted): the admin's choice, off by default.
    public var reconcileWithoutViewAllData: Bool

    public init(
        id: Int64? = nil, name: String, kind: String = "salesforce", loginURL: String, instanceURL: String? = nil,
        organizationID: String? = nil, username: String? = nil, authKind: AuthKind, clientID: String? = nil,
        secretsCiphertext: Data? = nil, status: Status = .connected, lastError: String? = nil, apiShare: Double = 0.5,
        createdAt: Date = Date(), lastSuccessfulUpdateBegan: Date? = nil, lastDataPointReceived: Date? = nil,
        updateEveryMinutes: Int = 60, blackout: BlackoutHours? = nil, notifyEmail: String? = nil, notifyWebhook: String? = nil,
        access: AccessFindings? = nil, reconcileWithoutViewAllData: Bool = false
    ) {
        self.access = access
        self.reconcileWithoutViewAllData = reconcileWithoutViewAllData
        self.updateEveryMinutes = updateEveryMinutes
        self.blackout = blackout
        self.notifyEmail = notifyEmail
        self.notifyWebhook = notifyWebhook
        self.id = id
        self.name = name
        self.kind = kind
        self.loginURL = loginURL
        self.instanceURL = instanceURL
        self.organizationID = organizationID
        self.username = username
        self.authKind = authKind
        self.clientID = clientID
        self.secretsCiphertext = secretsCiphertext
        self.status = status
        self.lastError = lastError
        self.apiShare = apiShare
        self.createdAt = createdAt
        self.lastSuccessfulUpdateBegan = lastSuccessfulUpdateBegan
        self.lastDataPointReceived = lastDataPointReceived
    }
}

/// Hours of the day (UTC, 0–23) in which no scheduled update cycle starts.
public struct BlackoutHours: Sendable, Codable, Equatable {
    public var start: Int
    public var end: Int

    /// Nil unless both hours are in 0...23 and differ.
    public init?(start: Int, end: Int) {
        guard (0...23).contains(start), (0...23).contains(end), start != end else { return nil }
        self.start = start
        self.end = end
    }

    /// Whether `hour` falls in `[start, end)`, wrapping midnight.
    public func contains(hour: Int) -> Bool {
        start < end ? (start..<end).contains(hour) : hour >= start || hour < end
    }
}
