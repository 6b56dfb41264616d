/// Building blocks that standard objects share, so each object file lists only its own fields.
extension FieldSchema {
    /// Joins groups of fields (singles, audit block, address blocks) in describe order.
    static func list(_ groups: [FieldSchema]...) -> [FieldSchema] { groups.flatMap { $0 } }

    static func id(_ label: String) -> FieldSchema {
        FieldSchema(
            "Id", .id, label: label, nillable: false, createable: false, updateable: false, defaultedOnCreate: true,
            idLookup: true)
    }

    /// Set by the org on create (flags, audit stamps): never null, never writable.
    static func system(_ name: String, _ type: FieldType, label: String? = nil, length: Int? = nil) -> FieldSchema {
        FieldSchema(
            name, type, label: label, length: length, nillable: false, createable: false, updateable: false,
            defaultedOnCreate: true)
    }

    /// Maintained by the org, may be null (roll-ups, conversion results, view tracking).
    static func derived(
        _ name: String, _ type: FieldType, label: String? = nil, length: Int? = nil, precision: Int = 0, scale: Int = 0,
        digits: Int = 0, extraTypeInfo: String? = nil
    ) -> FieldSchema {
        FieldSchema(
            name, type, label: label, length: length, precision: precision, scale: scale, digits: digits,
            createable: false, updateable: false, extraTypeInfo: extraTypeInfo)
    }

    static let isDeleted = system("IsDeleted", .boolean, label: "Deleted")
    static let createdDate = system("CreatedDate", .datetime)
    static let lastModifiedDate = system("LastModifiedDate", .datetime)
    static let systemModstamp = system("SystemModstamp", .datetime)
    static let createdById = userStamp("CreatedById", "CreatedBy")
    static let lastModifiedById = userStamp("LastModifiedById", "LastModifiedBy")
    /// The five audit fields, in the order every standard describe lists them.
    static let audit = [createdDate, createdById, lastModifiedDate, lastModifiedById, systemModstamp]
    static let lastActivityDate = derived("LastActivityDate", .date, label: "Last Activity")
    static let lastViewedDate = derived("LastViewedDate", .datetime)
    static let lastReferencedDate = derived("LastReferencedDate", .datetime)

    private static func userStamp(_ name: String, _ relationship: String) -> FieldSchema {
        FieldSchema(
            name, .reference, nillable: false, createable: false, updateable: false, defaultedOnCreate: true,
            referenceTo: ["User"], relationshipName: relationship)
    }

    /// A lookup. `children` names the parent's list of these records (`Contacts`); `cascade` and
    /// `restricted` say what deleting the parent does to them.
    static func lookup(
        _ name: String, to targets: [String], _ relationship: String?, label: String? = nil, nillable: Bool = true,
        createable: Bool = true, updateable: Bool = true, defaultedOnCreate: Bool = false, children: String? = nil,
        cascade: Bool = false, restricted: Bool = false
    ) -> FieldSchema {
        FieldSchema(
            name, .reference, label: label, nillable: nillable, createable: createable, updateable: updateable,
            defaultedOnCreate: defaultedOnCreate, referenceTo: targets, relationshipName: relationship
        ).with {
            $0.childRelationshipName = children
            $0.childCascadeDelete = cascade
            $0.childRestrictedDelete = restricted
        }
    }

    static func lookup(
        _ name: String, to target: String, _ relationship: String?, label: String? = nil, nillable: Bool = true,
        createable: Bool = true, updateable: Bool = true, defaultedOnCreate: Bool = false, children: String? = nil,
        cascade: Bool = false, restricted: Bool = false
    ) -> FieldSchema {
        lookup(
            name, to: [target], relationship, label: label, nillable: nillable, createable: createable,
            updateable: updateable, defaultedOnCreate: defaultedOnCreate, children: children, cascade: cascade,
            restricted: restricted)
    }

    /// `OwnerId`: required, defaulted to the running user.
    static func owner(to targets: [String] = ["User"], label: String = "Owner ID", children: String? = nil) -> FieldSchema {
        lookup("OwnerId", to: targets, "Owner", label: label, nillable: false, defaultedOnCreate: true, children: children)
    }

    /// `MasterRecordId`: set by merges only.
    static func masterRecord(_ object: String) -> FieldSchema {
        lookup("MasterRecordId", to: object, "MasterRecord", createable: false, updateable: false)
    }

    static func picklist(
        _ name: String, _ values: [PicklistValue], label: String? = nil, length: Int = 40, nillable: Bool = true,
        createable: Bool = true, updateable: Bool = true, defaultedOnCreate: Bool = false, restricted: Bool = false,
        compoundFieldName: String? = nil, extraTypeInfo: String? = nil
    ) -> FieldSchema {
        FieldSchema(
            name, .picklist, label: label, length: length, nillable: nillable, createable: createable,
            updateable: updateable, defaultedOnCreate: defaultedOnCreate, picklistValues: values,
            restrictedPicklist: restricted, compoundFieldName: compoundFieldName, extraTypeInfo: extraTypeInfo)
    }

    static func longText(_ name: String, label: String? = nil, length: Int = 32000) -> FieldSchema {
        FieldSchema(name, .textarea, label: label, length: length, extraTypeInfo: "plaintextarea")
    }

    /// An address: its components, then the compound field itself, as describe orders them.
    /// `prefix` is `Billing`, `Mailing`… or empty for Lead and User (`Street`, `City`, `Address`).
    static func address(_ prefix: String) -> [FieldSchema] {
        let compound = prefix + "Address"
        let labelPrefix = prefix.isEmpty ? "" : prefix + " "
        func part(_ name: String, _ type: FieldType, _ label: String, length: Int? = nil) -> FieldSchema {
            FieldSchema(
                prefix + name, type, label: labelPrefix + label, length: length,
                precision: type == .double ? 18 : 0, scale: type == .double ? 15 : 0, compoundFieldName: compound,
                extraTypeInfo: type == .textarea ? "plaintextarea" : nil)
        }
        return [
            part("Street", .textarea, "Street", length: 255),
            part("City", .string, "City", length: 40),
            part("State", .string, "State/Province", length: 80),
            part("PostalCode", .string, "Zip/Postal Code", length: 20),
            part("Country", .string, "Country", length: 80),
            part("Latitude", .double, "Latitude"),
            part("Longitude", .double, "Longitude"),
            picklist(
                prefix + "GeocodeAccuracy", Picklists.geocodeAccuracy, label: labelPrefix + "Geocode Accuracy",
                restricted: true, compoundFieldName: compound),
            FieldSchema(compound, .address, label: labelPrefix + "Address", createable: false, updateable: false),
        ]
    }

    /// Last name, first name and salutation, which make up the compound `Name` of people.
    static func personName(salutations: [PicklistValue] = Picklists.salutation) -> [FieldSchema] {
        [
            FieldSchema(
                "LastName", .string, length: 80, nillable: false, compoundFieldName: "Name", extraTypeInfo: "personname"),
            FieldSchema("FirstName", .string, length: 40, compoundFieldName: "Name", extraTypeInfo: "personname"),
            picklist("Salutation", salutations, compoundFieldName: "Name", extraTypeInfo: "personname"),
            FieldSchema(
                "Name", .string, label: "Full Name", length: 121, nillable: false, createable: false, updateable: false,
                nameField: true, extraTypeInfo: "personname"),
        ]
    }
}
