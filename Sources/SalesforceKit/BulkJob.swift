/// A Bulk API 2.0 query job as Salesforce reports it.
public struct BulkJob: Sendable, Equatable {
    public var id: String
    public var state: BulkJobState
    public var numberRecordsProcessed: Int?
    public var errorMessage: String?

    public init(id: String, state: BulkJobState, numberRecordsProcessed: Int? = nil, errorMessage: String? = nil) {
        self.id = id
        self.state = state
        self.numberRecordsProcessed = numberRecordsProcessed
        self.errorMessage = errorMessage
    }
}

/// A job's `state` (Bulk API 2.0 Developer Guide, *Get Information About a Query Job*). A
/// struct over the text, so a state Salesforce adds later is carried, not refused.
public struct BulkJobState: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
    public let rawValue: String
    public init(rawValue: String) { self.rawValue = rawValue }

    public static let uploadComplete = BulkJobState(rawValue: "UploadComplete")
    public static let inProgress = BulkJobState(rawValue: "InProgress")
    public static let jobComplete = BulkJobState(rawValue: "JobComplete")
    public static let failed = BulkJobState(rawValue: "Failed")
    public static let aborted = BulkJobState(rawValue: "Aborted")

    /// Complete, failed or aborted: polling stops.
    public var hasEnded: Bool { self == .jobComplete || self == .failed || self == .aborted }
    public var description: String { rawValue }
}

/// What a Bulk result page said once it was read to its end.
public struct BulkResultPage: Sendable, Equatable {
    public var columns: [String]
    public var rows: Int
    public var bytes: Int
    /// The next page's locator; nil when Salesforce says `null` (the last page).
    public var nextLocator: String?

    public init(columns: [String], rows: Int, bytes: Int, nextLocator: String?) {
        self.columns = columns
        self.rows = rows
        self.bytes = bytes
        self.nextLocator = nextLocator
    }
}
