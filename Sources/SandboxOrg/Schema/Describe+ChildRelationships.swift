/// A lookup from another object to this one, as the parent's describe lists it.
public struct ChildRelationship: Sendable, Hashable {
    public var childSObject: String
    public var field: String
    public var relationshipName: String?
    public var cascadeDelete: Bool
    public var restrictedDelete: Bool

    var json: JSON {
        .object([
            ("cascadeDelete", .bool(cascadeDelete)),
            ("childSObject", .string(childSObject)),
            ("deprecatedAndHidden", false),
            ("field", .string(field)),
            ("junctionIdListNames", .array([])),
            ("junctionReferenceTo", .array([])),
            ("relationshipName", .optional(relationshipName)),
            ("restrictedDelete", .bool(restrictedDelete)),
        ])
    }
}

/// The lookups of `schemas` that point to `object`, sorted by child object then field as describe
/// sorts them. Merge pointers (`MasterRecordId`) are not listed, as in real describes.
public func childRelationships(of object: ObjectSchema, in schemas: [ObjectSchema]) -> [ChildRelationship] {
    var found: [ChildRelationship] = []
    for child in schemas {
        for field in child.fields where field.type == .reference && field.name != "MasterRecordId" {
            guard field.referenceTo.contains(object.name) else { continue }
            found.append(
                ChildRelationship(
                    childSObject: child.name, field: field.name, relationshipName: field.traits.childRelationshipName,
                    cascadeDelete: field.traits.childCascadeDelete, restrictedDelete: field.traits.childRestrictedDelete))
        }
    }
    return found.sorted { ($0.childSObject, $0.field) < ($1.childSObject, $1.field) }
}
