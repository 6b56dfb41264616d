/// Renders `GET /services/data/vNN.0/sobjects/{name}/describe` for one object, with the
/// top-level keys of a real describe in alphabetical order (as Salesforce prints them).
/// - Parameters:
///   - object: the object to describe.
///   - schemas: every object of the org, to find the lookups that point to `object`.
///   - version: the API version of the request, `62.0` or `v62.0`.
///   - instanceURL: the org's base URL for the `ui…Template` urls; they are left out when nil.
/// - Returns: the describe body.
public func describeJSON(of object: ObjectSchema, in schemas: [ObjectSchema], version: String, instanceURL: String? = nil) -> JSON {
    let traits = object.traits
    let scopes = traits.scopes.isEmpty && object.queryable ? [.init("everything", "All " + object.labelPlural.lowercased())] : traits.scopes
    return .object([
        ("actionOverrides", .array([])),
        ("activateable", .bool(traits.activateable)),
        ("childRelationships", .array(childRelationships(of: object, in: schemas).map(\.json))),
        ("compactLayoutable", .bool(traits.compactLayoutable)),
        ("createable", .bool(object.createable)),
        ("custom", .bool(object.custom)),
        ("customSetting", .bool(traits.customSetting)),
        ("deepCloneable", .bool(traits.deepCloneable)),
        ("defaultImplementation", .null),
        ("deletable", .bool(object.deletable)),
        ("deprecatedAndHidden", .bool(traits.deprecatedAndHidden)),
        ("extendedBy", .null),
        ("extendsInterfaces", .null),
        ("feedEnabled", .bool(traits.feedEnabled)),
        ("fields", .array(object.fields.map(fieldDescribeJSON))),
        ("hasSubtypes", false),
        ("implementedBy", .null),
        ("implementsInterfaces", .null),
        ("isInterface", false),
        ("isSubtype", false),
        ("keyPrefix", .optional(object.keyPrefix)),
        ("label", .string(object.label)),
        ("labelPlural", .string(object.labelPlural)),
        ("layoutable", .bool(object.layoutable)),
        ("listviewable", .null),
        ("lookupLayoutable", .null),
        ("mergeable", .bool(traits.mergeable)),
        ("mruEnabled", .bool(traits.mruEnabled)),
        ("name", .string(object.name)),
        ("namedLayoutInfos", .array([])),
        ("networkScopeFieldName", .null),
        ("queryable", .bool(object.queryable)),
        ("recordTypeInfos", .array(traits.hasMasterRecordType ? [masterRecordType(of: object, version: version)] : [])),
        ("replicateable", .bool(object.replicateable)),
        ("retrieveable", .bool(object.retrieveable)),
        ("searchLayoutable", .bool(traits.searchLayoutable)),
        ("searchable", .bool(object.searchable)),
        ("supportedScopes", .array(scopes.map { .object([("label", .string($0.label)), ("name", .string($0.name))]) })),
        ("triggerable", .bool(object.triggerable)),
        ("undeletable", .bool(traits.undeletable)),
        ("updateable", .bool(object.updateable)),
        ("urls", describeURLs(of: object, version: version, instanceURL: instanceURL)),
    ])
}

/// Every org has the Master record type with this fixed id.
public let masterRecordTypeId = "012000000000000AAA"

private func masterRecordType(of object: ObjectSchema, version: String) -> JSON {
    .object([
        ("active", true),
        ("available", true),
        ("defaultRecordTypeMapping", true),
        ("developerName", "Master"),
        ("master", true),
        ("name", "Master"),
        ("recordTypeId", .string(masterRecordTypeId)),
        ("urls", .object([("layout", .string(sobjectsPath(version) + object.name + "/describe/layouts/" + masterRecordTypeId))])),
    ])
}

/// `/services/data/v62.0/sobjects/`, accepting the version with or without its `v`.
func sobjectsPath(_ version: String) -> String {
    "/services/data/" + (version.hasPrefix("v") ? version : "v" + version) + "/sobjects/"
}

/// The `urls` of an object, in the order real describes print them.
func describeURLs(of object: ObjectSchema, version: String, instanceURL: String?) -> JSON {
    let base = sobjectsPath(version) + object.name
    let kinds = object.traits.urlKinds
    var pairs: [(String, JSON)] = []
    func add(_ kind: ObjectTraits.URLKind, _ path: String) {
        if kinds.contains(kind) { pairs.append((kind.rawValue, .string(path))) }
    }
    add(.compactLayouts, base + "/describe/compactLayouts")
    pairs.append(("rowTemplate", .string(base + "/{ID}")))
    add(.approvalLayouts, base + "/describe/approvalLayouts")
    add(.caseArticleSuggestions, base + "/suggestedArticles")
    add(.caseRowArticleSuggestions, base + "/{ID}/suggestedArticles")
    if let instanceURL, object.layoutable {
        pairs.append(("uiDetailTemplate", .string(instanceURL + "/{ID}")))
        pairs.append(("uiEditTemplate", .string(instanceURL + "/{ID}/e")))
    }
    add(.eventSeriesUpdates, base + "/{ID}/fromThisEventOnwards")
    add(.defaultValues, base + "/defaultValues?recordTypeId&fields")
    add(.listviews, base + "/listviews")
    add(.namedLayouts, base + "/describe/namedLayouts/{LayoutName}")
    add(.passwordUtilities, base + "/{ID}/password")
    pairs.append(("describe", .string(base + "/describe")))
    if let instanceURL, object.layoutable, let prefix = object.keyPrefix {
        pairs.append(("uiNewRecord", .string(instanceURL + "/" + prefix + "/e")))
    }
    add(.quickActions, base + "/quickActions")
    add(.layouts, base + "/describe/layouts")
    pairs.append(("sobject", .string(base)))
    return .object(pairs)
}
