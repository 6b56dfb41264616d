import SOQL

/// The org's objects as SOQL and the store see them. Immutable: adding a field at run time
/// makes a new catalog, so snapshots taken before keep the shape they were read with.
final class OrgCatalog: SOQLCatalog, Sendable {
    let schemas: [ObjectSchema]
    let formulas: [FormulaSet]
    private let objects: [CatalogObject]
    private let indexByLowercasedName: [String: Int]
    private let indexByPrefix: [String: Int]

    init(schemas: [ObjectSchema]) {
        self.schemas = schemas
        self.formulas = schemas.map(FormulaSet.init(schema:))
        self.objects = schemas.map(CatalogObject.init(schema:))
        var byName: [String: Int] = [:]
        var byPrefix: [String: Int] = [:]
        for (i, s) in schemas.enumerated() {
            byName[s.name.lowercased()] = i
            if let p = s.keyPrefix { byPrefix[p] = i }
        }
        self.indexByLowercasedName = byName
        self.indexByPrefix = byPrefix
    }

    func object(named name: String) -> (any SOQLObject)? {
        guard let i = objectIndex(name: name), schemas[i].queryable else { return nil }
        return objects[i]
    }

    func objectIndex(name: String) -> Int? { indexByLowercasedName[name.lowercased()] }
    func objectIndex(prefix: String) -> Int? { indexByPrefix[prefix] }

    /// The same catalog with one more field on one object.
    func adding(_ field: FieldSchema, to object: Int) -> OrgCatalog {
        var schemas = self.schemas
        schemas[object].append(field)
        return OrgCatalog(schemas: schemas)
    }
}

/// Adapts an `ObjectSchema` to what the SOQL binder asks.
struct CatalogObject: SOQLObject {
    let schema: ObjectSchema
    let allFields: [SOQLField]

    init(schema: ObjectSchema) {
        self.schema = schema
        self.allFields = schema.fields.enumerated().map { i, f in
            SOQLField(
                name: f.name, kind: f.type.soqlKind, index: i, referenceTo: f.referenceTo,
                relationshipName: f.relationshipName, filterable: f.filterable, sortable: f.sortable, custom: f.custom
            )
        }
    }

    var name: String { schema.name }

    func field(named name: String) -> SOQLField? { schema.fieldIndex(named: name).map { allFields[$0] } }

    func relationship(named name: String) -> SOQLField? { schema.relationshipIndex(named: name).map { allFields[$0] } }
}
