import SOQL

/// One sObject type of the org: its describe-level flags and its fields in describe order.
/// Field positions are stable: a record is stored as an array of values in this order.
public struct ObjectSchema: Sendable {
    public var name: String
    public var label: String
    public var labelPlural: String
    /// Three-character id prefix (`001` for Account); nil for objects without records of their own.
    public var keyPrefix: String?
    public var custom: Bool
    public var queryable: Bool
    public var replicateable: Bool
    public var retrieveable: Bool
    public var createable: Bool
    public var updateable: Bool
    public var deletable: Bool
    public var searchable: Bool
    public var triggerable: Bool
    public var layoutable: Bool
    /// False for objects Bulk API 2.0 refuses with `INVALIDENTITY`.
    public var bulkQueryable: Bool
    /// Why the object cannot be queried generically (shown by describe-only objects), nil when it can.
    public var notQueryableReason: String?
    /// Describe-only flags (mergeable, scopes, url kinds…); set with `with(_:)`.
    public var traits = ObjectTraits()
    public private(set) var fields: [FieldSchema]
    private var indexByLowercasedName: [String: Int]
    private var indexByLowercasedRelationship: [String: Int]

    public init(
        name: String, label: String? = nil, labelPlural: String? = nil, keyPrefix: String?, custom: Bool? = nil,
        queryable: Bool = true, replicateable: Bool = true, retrieveable: Bool = true, createable: Bool = true,
        updateable: Bool = true, deletable: Bool = true, searchable: Bool = true, triggerable: Bool = true,
        layoutable: Bool = true, bulkQueryable: Bool = true, notQueryableReason: String? = nil,
        fields: [FieldSchema]
    ) {
        self.name = name
        self.label = label ?? FieldSchema.defaultLabel(for: name)
        self.labelPlural = labelPlural ?? (self.label.hasSuffix("y") ? String(self.label.dropLast()) + "ies" : self.label + "s")
        self.keyPrefix = keyPrefix
        self.custom = custom ?? name.hasSuffix("__c")
        self.queryable = queryable
        self.replicateable = replicateable
        self.retrieveable = retrieveable
        self.createable = createable
        self.updateable = updateable
        self.deletable = deletable
        self.searchable = searchable
        self.triggerable = triggerable
        self.layoutable = layoutable
        self.bulkQueryable = bulkQueryable
        self.notQueryableReason = notQueryableReason
        self.fields = fields
        var byName: [String: Int] = [:]
        var byRelationship: [String: Int] = [:]
        for (i, f) in fields.enumerated() {
            byName[f.name.lowercased()] = i
            if let r = f.relationshipName { byRelationship[r.lowercased()] = i }
        }
        self.indexByLowercasedName = byName
        self.indexByLowercasedRelationship = byRelationship
    }

    public func fieldIndex(named name: String) -> Int? { indexByLowercasedName[name.lowercased()] }
    public func field(named name: String) -> FieldSchema? { fieldIndex(named: name).map { fields[$0] } }
    public func relationshipIndex(named name: String) -> Int? { indexByLowercasedRelationship[name.lowercased()] }

    /// The fields named in `names` describe as not filterable (a `WHERE` on them is refused).
    public mutating func makeUnfilterable(_ names: Set<String>) {
        for index in fields.indices where names.contains(fields[index].name) { fields[index].filterable = false }
    }

    /// The object as a user whose field-level security hides `names` (lowercased) describes it.
    /// Positions shift: the copy is for describe only, never for reading the store's rows.
    public func removingFields(_ names: Set<String>) -> ObjectSchema {
        guard !names.isEmpty else { return self }
        var copy = self
        copy.fields = fields.filter { !names.contains($0.name.lowercased()) }
        copy.indexByLowercasedName = Dictionary(uniqueKeysWithValues: copy.fields.enumerated().map { ($1.name.lowercased(), $0) })
        copy.indexByLowercasedRelationship = Dictionary(
            copy.fields.enumerated().compactMap { i, f in f.relationshipName.map { ($0.lowercased(), i) } }, uniquingKeysWith: { a, _ in a })
        return copy
    }

    /// Adds a field at the end (custom fields added while the org runs keep earlier positions).
    public mutating func append(_ field: FieldSchema) {
        indexByLowercasedName[field.name.lowercased()] = fields.count
        if let r = field.relationshipName { indexByLowercasedRelationship[r.lowercased()] = fields.count }
        fields.append(field)
    }
}
