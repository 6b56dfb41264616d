/// How a lookup field leads to its parent. The warehouse catalog keeps each column's API name
/// and describe type but not describe's `relationshipName` or `referenceTo` (structure sync does
/// not store them yet), so both are derived here the way Salesforce names them:
///
/// - the relationship: a standard lookup `XxxId` is `Xxx` (`AccountId` → `Account`), a custom
///   `Foo__c` is `Foo__r`;
/// - the parent object: the standard lookups whose relationship is not their target's name
///   (`Owner`, `CreatedBy`… → User; `ConvertedAccount` → Account; `Parent` → the object itself),
///   else the object named like the relationship (`Account`, `Campaign`; `Foo__r` → `Foo__c`).
///
/// Polymorphic lookups (`Who`, `What`) have no one parent and are refused by name. Once the
/// catalog keeps `referenceTo`, it should be preferred to these rules.
enum LookupRules {
    /// The relationship name of a lookup field, nil for a field that is not named like one.
    static func relationshipName(of field: String) -> String? {
        if field.count > 3, field.lowercased().hasSuffix("__c") { return String(field.dropLast(3)) + "__r" }
        if field.count > 2, field.hasSuffix("Id") || field.hasSuffix("ID") || field.hasSuffix("id") { return String(field.dropLast(2)) }
        return nil
    }

    /// Relationships to another object than the one of their name.
    static let knownTargets: [String: String] = [
        "owner": "user", "createdby": "user", "lastmodifiedby": "user", "manager": "user", "delegatedapprover": "user",
        "convertedaccount": "account", "convertedcontact": "contact", "convertedopportunity": "opportunity",
        "reportsto": "contact",
    ]
    /// Relationships to a record of the same object.
    static let selfRelationships: Set<String> = ["parent", "masterrecord"]
    /// Relationships whose parent may be one of several objects.
    static let polymorphic: Set<String> = ["who", "what"]

    /// The parent object (lower case) of relationship `relationship` on `object` (lower case);
    /// nil for a polymorphic one.
    static func target(of relationship: String, on object: String) -> String? {
        let name = relationship.lowercased()
        if polymorphic.contains(name) { return nil }
        if selfRelationships.contains(name) { return object }
        if let known = knownTargets[name] { return known }
        if name.hasSuffix("__r") { return String(name.dropLast(3)) + "__c" }
        return name
    }
}
