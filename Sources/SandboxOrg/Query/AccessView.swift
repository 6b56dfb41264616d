import SOQL

/// The catalog as one user sees it: fields its field-level security hides do not exist, so
/// binding a query that names one fails exactly as an unknown field does (`INVALID_FIELD`
/// "No such column"), and `FIELDS(ALL)` leaves them out. Field indices are the store's own.
struct RestrictedCatalog: SOQLCatalog {
    let base: OrgCatalog
    let access: UserAccess

    func object(named name: String) -> (any SOQLObject)? {
        guard let object = base.object(named: name) else { return nil }
        let hidden = access.hiddenFields(of: object.name)
        return hidden.isEmpty ? object : RestrictedObject(base: object, hidden: hidden)
    }

    /// The catalog a user's queries bind against: the org's own when nothing is hidden.
    static func view(_ catalog: OrgCatalog, for access: UserAccess) -> any SOQLCatalog {
        access.hiddenFields.values.allSatisfy(\.isEmpty) ? catalog : RestrictedCatalog(base: catalog, access: access)
    }
}

struct RestrictedObject: SOQLObject {
    let base: any SOQLObject
    /// Lowercased names of the hidden fields.
    let hidden: Set<String>

    var name: String { base.name }
    var allFields: [SOQLField] { base.allFields.filter { !hidden.contains($0.name.lowercased()) } }

    func field(named name: String) -> SOQLField? {
        guard let field = base.field(named: name), !hidden.contains(field.name.lowercased()) else { return nil }
        return field
    }

    func relationship(named name: String) -> SOQLField? {
        guard let field = base.relationship(named: name), !hidden.contains(field.name.lowercased()) else { return nil }
        return field
    }
}

/// Which rows of one object one user sees: without *View All Data*, those whose owner it may see
/// (`UserAccess.visibleOwners`); on `UserPermissionAccess`, its own row whoever asks.
struct RecordVisibility: Sendable {
    private enum Rule: Sendable {
        case owners(field: Int, users: Set<Int>)
        case ownRow(Int)
    }

    private let rule: Rule

    /// Nil when the user sees every row of the object.
    static func of(object: Int, catalog: OrgCatalog, user: Int, access: UserAccess) -> RecordVisibility? {
        let schema = catalog.schemas[object]
        if schema.name == StandardObjects.userPermissionAccess.name { return RecordVisibility(rule: .ownRow(user)) }
        guard !access.viewAllData, let owner = schema.fieldIndex(named: "OwnerId"),
              schema.fields[owner].referenceTo.contains("User") else { return nil }
        return RecordVisibility(rule: .owners(field: owner, users: access.visibleOwners))
    }

    /// Whether the row at `index`, whose values `value` reads, is visible.
    func allows(index: Int, _ value: (Int) -> SOQLValue) -> Bool {
        switch rule {
        case .ownRow(let row):
            return index == row
        case .owners(let field, let users):
            guard case .string(let id) = value(field), let (prefix, owner) = SalesforceID.parse(id), prefix == "005" else { return false }
            return users.contains(owner)
        }
    }
}
