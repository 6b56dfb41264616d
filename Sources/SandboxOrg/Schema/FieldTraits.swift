/// Field attributes that only describe reports, plus the parent side of a lookup. Each is nil or
/// false by default so that a definition names only what differs from the derived value.
public struct FieldTraits: Sendable, Hashable {
    /// Overrides the derived `aggregatable` (a few standard fields break the rule).
    public var aggregatable: Bool?
    /// Overrides `byteLength` where it is not 3× the length (`Fiscal`, `Case.Comments`).
    public var byteLength: Int?
    public var permissionable: Bool?
    public var caseSensitive = false
    public var deprecatedAndHidden = false
    public var controllerName: String?
    public var defaultValueFormula: String?
    /// Master-detail position (0 or 1); nil for plain lookups.
    public var relationshipOrder: Int?
    public var writeRequiresMasterRead = false
    public var restrictedDelete = false
    /// The parent's name for the records that point to it through this lookup (`Contacts` for
    /// `Contact.AccountId`); nil when the parent lists them without a name.
    public var childRelationshipName: String?
    /// Whether deleting the parent deletes these children, as the parent's describe shows it.
    public var childCascadeDelete = false
    /// Whether the parent cannot be deleted while children point to it.
    public var childRestrictedDelete = false

    public init() {}
}

extension FieldSchema {
    /// A copy with its traits changed: `.with { $0.childRelationshipName = "Contacts" }`.
    public func with(_ change: (inout FieldTraits) -> Void) -> FieldSchema {
        var copy = self
        change(&copy.traits)
        return copy
    }

    /// Text types count characters; describe reports 3 bytes each (UTF-8 worst case).
    public var byteLength: Int {
        if let explicit = traits.byteLength { return explicit }
        switch type {
        case .id, .reference: return length
        case .string, .textarea, .picklist, .multipicklist, .combobox, .email, .phone, .url, .encryptedstring:
            return length * 3
        default: return 0
        }
    }

    public var aggregatable: Bool {
        if let explicit = traits.aggregatable { return explicit }
        if [.boolean, .address, .location, .base64].contains(type) { return false }
        return filterable || sortable
    }

    /// Field-level security applies to optional, writable fields; required and system ones are always visible.
    public var permissionable: Bool {
        traits.permissionable ?? (nillable && (createable || updateable || isCalculated) && !autoNumber)
    }

    /// Polymorphic lookups are resolved by name in search (`Who`, `What`, `Owner`).
    public var namePointing: Bool { polymorphicForeignKey }

    /// Lookups a search can be narrowed by; system lookups (merge, record type) are not.
    public var searchPrefilterable: Bool {
        type == .reference && nillable && relationshipName != nil && name != "MasterRecordId" && name != "RecordTypeId"
    }

    public var queryByDistance: Bool { type == .address || type == .location }

    /// The default as describe prints it: booleans always carry one, picklists take their default entry.
    public var describedDefaultValue: JSON {
        if type == .boolean { return .bool(defaultValue == "true") }
        if let defaultValue { return .string(defaultValue) }
        if let entry = picklistValues.first(where: \.isDefault) { return .string(entry.value) }
        return .null
    }
}
