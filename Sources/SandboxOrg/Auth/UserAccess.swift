import Synchronization

/// What one user of the org may see: Salesforce's field-level security and record sharing, as
/// far as a restricted integration user meets them. Sources: Salesforce Help, *Field-Level
/// Security* (a field hidden from a profile is absent from that user's describe, and a query
/// naming it fails with `INVALID_FIELD` "No such column"), and *View All Data* (without it a user
/// sees the records its sharing grants: its own, its role's subordinates', and what sharing
/// rules open). The sandbox grants by owner: a restricted user sees the records of a fixed half
/// of the sales reps and its own, on every object with an `OwnerId`. Objects without one (detail
/// objects whose sharing is controlled by their parent) are seen whole: kinder than Salesforce,
/// and said so in docs/sandbox-fidelity.md.
public struct UserAccess: Sendable, Equatable {
    /// *View All Data*: every record of every object, whatever its owner.
    public var viewAllData: Bool
    /// Object name → field names (both lowercased) that field-level security hides.
    public var hiddenFields: [String: Set<String>]
    /// Without *View All Data*: the users (record indices of `User`) whose records this user sees.
    public var visibleOwners: Set<Int>

    public init(viewAllData: Bool, hiddenFields: [String: Set<String>] = [:], visibleOwners: Set<Int> = []) {
        self.viewAllData = viewAllData
        self.hiddenFields = hiddenFields
        self.visibleOwners = visibleOwners
    }

    /// An administrator: every field, every record.
    public static let everything = UserAccess(viewAllData: true)

    /// The field names hidden on `object`, lowercased (empty when none are).
    public func hiddenFields(of object: String) -> Set<String> { hiddenFields[object.lowercased()] ?? [] }
}

/// Every user's access, changed while the org runs by `POST /_sandbox/field-security` (an admin
/// editing a profile). Describe's `Last-Modified` does not move when it changes: field-level
/// security belongs to profiles and permission sets, not to the object's metadata [inf], so a
/// client that trusts its cached describe meets the hidden field as `INVALID_FIELD`.
final class AccessControl: Sendable {
    private let byUser: Mutex<[Int: UserAccess]>

    init(_ access: [Int: UserAccess]) { byUser = Mutex(access) }

    func access(of user: Int) -> UserAccess { byUser.withLock { $0[user] ?? .everything } }

    /// Hides and shows fields for one user; the answer is the user's access after the change.
    func changeFieldSecurity(user: Int, hide: [(object: String, field: String)], show: [(object: String, field: String)]) -> UserAccess {
        byUser.withLock { all in
            var access = all[user] ?? .everything
            for (object, field) in hide { access.hiddenFields[object.lowercased(), default: []].insert(field.lowercased()) }
            for (object, field) in show { access.hiddenFields[object.lowercased()]?.remove(field.lowercased()) }
            all[user] = access
            return access
        }
    }
}

/// `--restricted-user`: an integration user as security reviews leave it: no *View All Data*,
/// and field-level security hiding the fields an integration rarely gets (revenue, birthdays,
/// a managed package's scoring field).
public enum RestrictedUser {
    public static let defaultEmail = "integration@tributary.sandbox"
    public static let defaultPassword = "sandbox-integration-1"
    /// Object → fields hidden from the restricted user (those the org has; others are ignored).
    public static let hiddenFields: [String: [String]] = [
        "Account": ["AnnualRevenue", "NumberOfEmployees"],
        "Contact": ["Birthdate", "HomePhone"],
        "Lead": ["AnnualRevenue", "Lead_Score_Legacy__c"],
        "Opportunity": ["TotalOpportunityQuantity"],
    ]

    /// The owners a restricted user sees: every other sales rep (a role hierarchy's half), and itself.
    static func visibleOwners(reps: Range<Int>, itself: Int) -> Set<Int> {
        Set(reps.filter { ($0 - reps.lowerBound) % 2 == 0 }).union([itself])
    }

    /// The restricted user's access in an org of these schemas.
    static func access(schemas: [ObjectSchema], reps: Range<Int>, itself: Int) -> UserAccess {
        var hidden: [String: Set<String>] = [:]
        for (object, fields) in hiddenFields {
            guard let schema = schemas.first(where: { $0.name == object }) else { continue }
            let present = fields.filter { schema.fieldIndex(named: $0) != nil }.map { $0.lowercased() }
            if !present.isEmpty { hidden[object.lowercased()] = Set(present) }
        }
        return UserAccess(viewAllData: false, hiddenFields: hidden, visibleOwners: visibleOwners(reps: reps, itself: itself))
    }
}
