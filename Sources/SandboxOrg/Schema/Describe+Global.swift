/// One entry of describeGlobal's `sobjects`, with the keys of a v52 describeGlobal.
public func describeGlobalEntryJSON(of object: ObjectSchema, version: String) -> JSON {
    let traits = object.traits
    return .object([
        ("activateable", .bool(traits.activateable)),
        ("associateEntityType", .null),
        ("associateParentEntity", .null),
        ("createable", .bool(object.createable)),
        ("custom", .bool(object.custom)),
        ("customSetting", .bool(traits.customSetting)),
        ("deepCloneable", .bool(traits.deepCloneable)),
        ("deletable", .bool(object.deletable)),
        ("deprecatedAndHidden", .bool(traits.deprecatedAndHidden)),
        ("feedEnabled", .bool(traits.feedEnabled)),
        ("hasSubtypes", false),
        ("isInterface", false),
        ("isSubtype", false),
        ("keyPrefix", .optional(object.keyPrefix)),
        ("label", .string(object.label)),
        ("labelPlural", .string(object.labelPlural)),
        ("layoutable", .bool(object.layoutable)),
        ("mergeable", .bool(traits.mergeable)),
        ("mruEnabled", .bool(traits.mruEnabled)),
        ("name", .string(object.name)),
        ("queryable", .bool(object.queryable)),
        ("replicateable", .bool(object.replicateable)),
        ("retrieveable", .bool(object.retrieveable)),
        ("searchable", .bool(object.searchable)),
        ("triggerable", .bool(object.triggerable)),
        ("undeletable", .bool(traits.undeletable)),
        ("updateable", .bool(object.updateable)),
        ("urls", describeURLs(of: object, version: version, instanceURL: nil)),
    ])
}

/// `GET /services/data/vNN.0/sobjects/`: every object, sorted by name as Salesforce lists them.
public func describeGlobalJSON(_ schemas: [ObjectSchema], version: String) -> JSON {
    let sorted = schemas.sorted { $0.name < $1.name }
    return .object([
        ("encoding", "UTF-8"),
        ("maxBatchSize", 200),
        ("sobjects", .array(sorted.map { describeGlobalEntryJSON(of: $0, version: version) })),
    ])
}
