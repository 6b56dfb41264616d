/// One entry of describeGlobal.
public struct GlobalObject: Sendable, Codable, Equatable {
    public var name: String
    public var label: String
    public var queryable: Bool
    public var retrieveable: Bool
    public var replicateable: Bool
    public var createable: Bool
    public var custom: Bool
    public var deprecatedAndHidden: Bool
    public var keyPrefix: String?

    public init(name: String, label: String, queryable: Bool = true, retrieveable: Bool = true, replicateable: Bool = true,
                createable: Bool = true, custom: Bool = false, deprecatedAndHidden: Bool = false, keyPrefix: String? = nil) {
        self.name = name
        self.label = label
        self.queryable = queryable
        self.retrieveable = retrieveable
        self.replicateable = replicateable
        self.createable = createable
        self.custom = custom
        self.deprecatedAndHidden = deprecatedAndHidden
        self.keyPrefix = keyPrefix
    }

    enum CodingKeys: String, CodingKey { case name, label, queryable, retrieveable, replicateable, createable, custom, deprecatedAndHidden, keyPrefix }

    /// Missing flags take the permissive default: API versions add and drop keys.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        name = try c.decode(String.self, forKey: .name)
        label = try c.decodeIfPresent(String.self, forKey: .label) ?? name
        queryable = try c.decodeIfPresent(Bool.self, forKey: .queryable) ?? true
        retrieveable = try c.decodeIfPresent(Bool.self, forKey: .retrieveable) ?? true
        replicateable = try c.decodeIfPresent(Bool.self, forKey: .replicateable) ?? false
        createable = try c.decodeIfPresent(Bool.self, forKey: .createable) ?? false
        custom = try c.decodeIfPresent(Bool.self, forKey: .custom) ?? name.hasSuffix("__c")
        deprecatedAndHidden = try c.decodeIfPresent(Bool.self, forKey: .deprecatedAndHidden) ?? false
        keyPrefix = try c.decodeIfPresent(String.self, forKey: .keyPrefix)
    }
}

struct DescribeGlobalResponse: Decodable {
    var sobjects: [GlobalObject]
}

/// An object's describe: what Tributary needs of it.
public struct ObjectDescribe: Sendable, Codable, Equatable {
    public var name: String
    public var label: String
    public var queryable: Bool
    public var replicateable: Bool
    public var custom: Bool
    public var fields: [FieldDescribe]

    public init(name: String, label: String, queryable: Bool = true, replicateable: Bool = true, custom: Bool = false, fields: [FieldDescribe]) {
        self.name = name
        self.label = label
        self.queryable = queryable
        self.replicateable = replicateable
        self.custom = custom
        self.fields = fields
    }

    enum CodingKeys: String, CodingKey { case name, label, queryable, replicateable, custom, fields }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        name = try c.decode(String.self, forKey: .name)
        label = try c.decodeIfPresent(String.self, forKey: .label) ?? name
        queryable = try c.decodeIfPresent(Bool.self, forKey: .queryable) ?? true
        replicateable = try c.decodeIfPresent(Bool.self, forKey: .replicateable) ?? false
        custom = try c.decodeIfPresent(Bool.self, forKey: .custom) ?? name.hasSuffix("__c")
        fields = try c.decode([FieldDescribe].self, forKey: .fields)
    }
}

/// A field of a describe. `type` stays Salesforce's text, so an unknown type is carried, not fatal.
public struct FieldDescribe: Sendable, Codable, Equatable {
    public var name: String
    public var label: String
    public var type: String
    public var length: Int
    public var precision: Int
    public var scale: Int
    public var digits: Int
    public var nillable: Bool
    /// A formula field: its value changes without moving SystemModstamp.
    public var calculated: Bool
    /// The compound field (`BillingAddress`) this field is a component of.
    public var compoundFieldName: String?
    public var referenceTo: [String]
    public var custom: Bool
    /// The field can be used in a `WHERE` clause (a replication key must be).
    public var filterable: Bool
    /// A lookup's relationship name (`Account` for `AccountId`, `Foo__r` for `Foo__c`).
    public var relationshipName: String?
    /// A picklist's values in describe's order (the order people set for stages and statuses).
    public var picklistValues: [PicklistEntry]

    /// One value of a picklist, as describe lists it.
    public struct PicklistEntry: Sendable, Codable, Equatable {
        public var value: String
        public var active: Bool

        public init(value: String, active: Bool = true) {
            self.value = value
            self.active = active
        }

        public init(from decoder: any Decoder) throws {
            let c = try decoder.container(keyedBy: CodingKeys.self)
            value = try c.decode(String.self, forKey: .value)
            active = try c.decodeIfPresent(Bool.self, forKey: .active) ?? true
        }
    }

    public init(name: String, label: String? = nil, type: String, length: Int = 0, precision: Int = 0, scale: Int = 0, digits: Int = 0,
                nillable: Bool = true, calculated: Bool = false, compoundFieldName: String? = nil, referenceTo: [String] = [], custom: Bool = false,
                filterable: Bool = true, relationshipName: String? = nil, picklistValues: [PicklistEntry] = []) {
        self.relationshipName = relationshipName
        self.picklistValues = picklistValues
        self.name = name
        self.label = label ?? name
        self.type = type
        self.length = length
        self.precision = precision
        self.scale = scale
        self.digits = digits
        self.nillable = nillable
        self.calculated = calculated
        self.compoundFieldName = compoundFieldName
        self.referenceTo = referenceTo
        self.custom = custom
        self.filterable = filterable
    }

    enum CodingKeys: String, CodingKey {
        case name, label, type, length, precision, scale, digits, nillable, calculated, compoundFieldName, referenceTo, custom, filterable
        case relationshipName, picklistValues
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        name = try c.decode(String.self, forKey: .name)
        label = try c.decodeIfPresent(String.self, forKey: .label) ?? name
        type = try c.decode(String.self, forKey: .type)
        length = try c.decodeIfPresent(Int.self, forKey: .length) ?? 0
        precision = try c.decodeIfPresent(Int.self, forKey: .precision) ?? 0
        scale = try c.decodeIfPresent(Int.self, forKey: .scale) ?? 0
        digits = try c.decodeIfPresent(Int.self, forKey: .digits) ?? 0
        nillable = try c.decodeIfPresent(Bool.self, forKey: .nillable) ?? true
        calculated = try c.decodeIfPresent(Bool.self, forKey: .calculated) ?? false
        compoundFieldName = try c.decodeIfPresent(String.self, forKey: .compoundFieldName)
        referenceTo = try c.decodeIfPresent([String].self, forKey: .referenceTo) ?? []
        custom = try c.decodeIfPresent(Bool.self, forKey: .custom) ?? name.hasSuffix("__c")
        filterable = try c.decodeIfPresent(Bool.self, forKey: .filterable) ?? true
        relationshipName = try c.decodeIfPresent(String.self, forKey: .relationshipName)
        picklistValues = try c.decodeIfPresent([PicklistEntry].self, forKey: .picklistValues) ?? []
    }
}
