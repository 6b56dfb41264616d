/// What the generated org looks like. The same config always produces the same org.
public struct GeneratorConfig: Sendable {
    public var seed: UInt64
    /// Multiplies the base data set (about 10,000 records at scale 1).
    public var scale: Int
    /// The moment the generated history ends (ms since the epoch); records are created and
    /// modified during the two years before it.
    public var asOf: Int64
    /// The first users of the org (the ones that can sign in), in order.
    public var people: [Person]
    /// Managed-package fields added to Account, Contact, Lead and Opportunity (0: none, the
    /// usual org); see `WideFields`.
    public var wideFields = 0

    public struct Person: Sendable {
        public var username: String
        public var firstName: String
        public var lastName: String
        /// What `UserPermissionAccess` answers for this user.
        public var apiEnabled: Bool
        public var viewAllData: Bool

        public init(username: String, firstName: String, lastName: String, apiEnabled: Bool = true, viewAllData: Bool = true) {
            self.username = username
            self.firstName = firstName
            self.lastName = lastName
            self.apiEnabled = apiEnabled
            self.viewAllData = viewAllData
        }
    }

    public init(seed: UInt64, scale: Int, asOf: Int64, people: [Person]) {
        self.seed = seed
        self.scale = max(1, scale)
        self.asOf = asOf
        self.people = people
    }
}

enum Time {
    static let day: Int64 = 86_400_000
    static let hour: Int64 = 3_600_000
    static func days(_ ms: Int64) -> Int32 { Int32(ms / day) }
}
