/// A single field value as SOQL sees it. Dates are days since 1970-01-01 and datetimes are
/// milliseconds since the Unix epoch (UTC), so comparing and sorting them is integer work.
public enum SOQLValue: Sendable, Hashable {
    case null
    case boolean(Bool)
    case integer(Int64)
    case number(Double)
    case string(String)
    /// Days since 1970-01-01.
    case date(Int32)
    /// Milliseconds since 1970-01-01T00:00:00Z.
    case dateTime(Int64)
    /// Milliseconds since midnight.
    case time(Int32)

    public var isNull: Bool {
        if case .null = self { return true }
        return false
    }
}

/// How a field's values compare in SOQL; the catalog maps each Salesforce field type to one.
public enum SOQLFieldKind: Sendable, Hashable {
    case id
    case string
    case boolean
    case integer
    case number
    case date
    case dateTime
    case time
    /// Compound (address, location) and blob (base64) fields: selectable in REST, never filterable.
    case compound
    case base64
}

/// One field of an object, as the query binder needs to know it.
public struct SOQLField: Sendable {
    /// The API name with the describe's casing (`SystemModstamp`), used for output keys.
    public var name: String
    public var kind: SOQLFieldKind
    /// Position of the value in the row that the store hands to the evaluator.
    public var index: Int
    /// For lookups: the objects the field may point to (`OwnerId` → `["User"]`).
    public var referenceTo: [String]
    /// For lookups: the relationship name used in paths (`OwnerId` → `Owner`).
    public var relationshipName: String?
    public var filterable: Bool
    public var sortable: Bool
    /// Custom fields (`__c`), for `FIELDS(CUSTOM)` and `FIELDS(STANDARD)`.
    public var custom: Bool

    public init(
        name: String, kind: SOQLFieldKind, index: Int, referenceTo: [String] = [], relationshipName: String? = nil,
        filterable: Bool = true, sortable: Bool = true, custom: Bool = false
    ) {
        self.name = name
        self.kind = kind
        self.index = index
        self.referenceTo = referenceTo
        self.relationshipName = relationshipName
        self.filterable = filterable
        self.sortable = sortable
        self.custom = custom
    }
}

/// One queryable object, as the query binder needs to know it.
public protocol SOQLObject: Sendable {
    /// The API name with its real casing (`Opportunity`).
    var name: String { get }
    /// Looks a field up by API name, case-insensitively.
    func field(named name: String) -> SOQLField?
    /// Looks a lookup up by relationship name (`Owner`, `Account`, `Parent`), case-insensitively.
    func relationship(named name: String) -> SOQLField?
    /// Every field, in describe order (for `FIELDS(ALL)` / `FIELDS(STANDARD)`).
    var allFields: [SOQLField] { get }
}

/// The set of objects a query may name.
public protocol SOQLCatalog: Sendable {
    /// Looks an object up by API name, case-insensitively; nil when the org has no such object
    /// or it is not queryable.
    func object(named name: String) -> (any SOQLObject)?
}

/// A row the evaluator can read: field values by index, and parents through lookups.
public protocol SOQLRow {
    /// The API name of the row's object (a polymorphic lookup such as `Who` can reach several).
    var objectName: String { get }
    func value(at index: Int) -> SOQLValue
    /// Follows the lookup stored at `index` to the parent row, or nil when it is empty or dangling.
    func parent(through index: Int) -> Self?
}
