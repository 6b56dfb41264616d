import SOQL

/// Salesforce's field `type` values (describe), with how SOQL compares each.
public enum FieldType: String, Sendable, CaseIterable {
    case id, string, textarea, picklist, multipicklist, combobox, reference, boolean
    case int, long, double, currency, percent, date, datetime, time
    case email, phone, url, encryptedstring, address, location, base64, anyType

    /// The SOAP type describe reports beside `type`.
    public var soapType: String {
        switch self {
        case .id, .reference: "tns:ID"
        case .boolean: "xsd:boolean"
        case .int: "xsd:int"
        case .long: "xsd:long"
        case .double, .currency, .percent: "xsd:double"
        case .date: "xsd:date"
        case .datetime: "xsd:dateTime"
        case .time: "xsd:time"
        case .address: "urn:address"
        case .location: "urn:location"
        case .base64: "xsd:base64Binary"
        case .anyType: "xsd:anyType"
        default: "xsd:string"
        }
    }

    public var soqlKind: SOQLFieldKind {
        switch self {
        case .id, .reference: .id
        case .boolean: .boolean
        case .int, .long: .integer
        case .double, .currency, .percent: .number
        case .date: .date
        case .datetime: .dateTime
        case .time: .time
        case .address, .location: .compound
        case .base64: .base64
        default: .string
        }
    }
}

public struct PicklistValue: Sendable, Hashable {
    public var value: String
    public var label: String
    public var isDefault: Bool
    public var active: Bool

    public init(_ value: String, label: String? = nil, isDefault: Bool = false, active: Bool = true) {
        self.value = value
        self.label = label ?? value
        self.isDefault = isDefault
        self.active = active
    }
}

/// One field of an sObject with the attributes that describe reports and that the org enforces.
/// Defaults follow what a plain nillable, creatable, updatable standard text field has, so a
/// definition only names what differs.
public struct FieldSchema: Sendable {
    public var name: String
    public var label: String
    public var type: FieldType
    /// Characters for text types (byteLength is 3×); 18 for ids and references.
    public var length: Int
    public var precision: Int
    public var scale: Int
    public var digits: Int
    public var nillable: Bool
    public var createable: Bool
    public var updateable: Bool
    public var defaultedOnCreate: Bool
    public var custom: Bool
    public var unique: Bool
    public var externalId: Bool
    public var idLookup: Bool
    public var nameField: Bool
    public var autoNumber: Bool
    public var filterable: Bool
    public var sortable: Bool
    public var groupable: Bool
    public var referenceTo: [String]
    public var relationshipName: String?
    public var polymorphicForeignKey: Bool { referenceTo.count > 1 }
    public var cascadeDelete: Bool
    public var picklistValues: [PicklistValue]
    public var restrictedPicklist: Bool
    public var compoundFieldName: String?
    /// Non-nil for formula fields (`calculated: true`). The org computes them when a record is
    /// read, so a change to their inputs elsewhere does not move the record's SystemModstamp.
    public var calculatedFormula: String?
    public var extraTypeInfo: String?
    public var defaultValue: String?
    public var inlineHelpText: String?
    public var htmlFormatted: Bool
    /// Describe-only attributes and the parent side of a lookup; set with `with(_:)`.
    public var traits = FieldTraits()

    public var isCalculated: Bool { calculatedFormula != nil }

    public init(
        _ name: String, _ type: FieldType, label: String? = nil, length: Int? = nil, precision: Int = 0, scale: Int = 0,
        digits: Int = 0, nillable: Bool = true, createable: Bool = true, updateable: Bool = true,
        defaultedOnCreate: Bool = false, custom: Bool? = nil, unique: Bool = false, externalId: Bool = false,
        idLookup: Bool = false, nameField: Bool = false, autoNumber: Bool = false, filterable: Bool? = nil,
        sortable: Bool? = nil, groupable: Bool? = nil, referenceTo: [String] = [], relationshipName: String? = nil,
        cascadeDelete: Bool = false, picklist: [String] = [], picklistValues: [PicklistValue]? = nil,
        restrictedPicklist: Bool = false, compoundFieldName: String? = nil, formula: String? = nil,
        extraTypeInfo: String? = nil, defaultValue: String? = nil, inlineHelpText: String? = nil,
        htmlFormatted: Bool = false
    ) {
        self.name = name
        self.label = label ?? FieldSchema.defaultLabel(for: name)
        self.type = type
        self.length = length ?? FieldSchema.defaultLength(for: type)
        self.precision = precision
        self.scale = scale
        self.digits = digits
        self.nillable = nillable
        self.createable = createable && formula == nil
        self.updateable = updateable && formula == nil
        self.defaultedOnCreate = defaultedOnCreate
        self.custom = custom ?? name.hasSuffix("__c")
        self.unique = unique
        self.externalId = externalId
        self.idLookup = idLookup
        self.nameField = nameField
        self.autoNumber = autoNumber
        let notComparable = [.textarea, .multipicklist, .address, .location, .base64, .encryptedstring].contains(type)
        let compound = type == .address || type == .location
        self.filterable = filterable ?? (type != .address && type != .location && type != .base64 && !(type == .textarea && (length ?? 255) > 255))
        self.sortable = sortable ?? !(notComparable && !(type == .textarea && (length ?? 255) <= 255)) && !compound
        // Short text areas (address streets) group like strings; long ones do not.
        let longText = type == .textarea && (length ?? 255) > 255
        let ungroupable: [FieldType] = [.double, .currency, .percent, .address, .location, .base64, .datetime, .multipicklist]
        self.groupable = groupable ?? (!longText && !ungroupable.contains(type))
        self.referenceTo = referenceTo
        self.relationshipName = relationshipName
        self.cascadeDelete = cascadeDelete
        self.picklistValues = picklistValues ?? picklist.map { PicklistValue($0) }
        self.restrictedPicklist = restrictedPicklist
        self.compoundFieldName = compoundFieldName
        self.calculatedFormula = formula
        self.extraTypeInfo = extraTypeInfo
        self.defaultValue = defaultValue
        self.inlineHelpText = inlineHelpText
        self.htmlFormatted = htmlFormatted
    }

    static func defaultLength(for type: FieldType) -> Int {
        switch type {
        case .id, .reference: 18
        case .string, .combobox, .url, .email: 255
        case .picklist, .multipicklist: 255
        case .phone: 40
        case .textarea: 255
        case .encryptedstring: 175
        default: 0
        }
    }

    /// `BillingCity` → `Billing City`; custom fields lose their `__c`.
    static func defaultLabel(for name: String) -> String {
        var base = name.hasSuffix("__c") ? String(name.dropLast(3)) : name
        if base.hasSuffix("Id"), base.count > 2 { base = String(base.dropLast(2)) + " ID" }
        var out = ""
        for (i, ch) in base.enumerated() {
            if ch == "_" { out.append(" "); continue }
            if i > 0, ch.isUppercase, let last = out.last, last.isLowercase { out.append(" ") }
            out.append(ch)
        }
        return out
    }
}
