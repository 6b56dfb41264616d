/// Objects the org lists and describes but a generic sync must skip: the API refuses a plain
/// `SELECT … FROM` on them (a filter is required), or they cannot be queried at all.
extension StandardObjects {
    public static let describeOnly: [ObjectSchema] = [userRecordAccess, vote, contentDocumentLink, aggregateResult, nameObject, accountChangeEvent]

    /// Records files can be shared with: every object here with a feed or a files related list.
    static let filesTargets = [
        "Account", "Campaign", "Case", "Contact", "Event", "Invoice__c", "Lead", "Opportunity", "Product2", "Task", "User",
    ]

    static let userRecordAccess = ObjectSchema(
        name: "UserRecordAccess", label: "User Record Access", labelPlural: "User Record Access", keyPrefix: nil,
        replicateable: false, retrieveable: false, createable: false, updateable: false, deletable: false,
        searchable: false, triggerable: false, layoutable: false, bulkQueryable: false,
        notQueryableReason: "A query must filter on UserId and RecordId.",
        fields: [
            .id("User Record Access ID"),
            .derived("UserId", .reference, label: "User ID").referencing("User"),
            .derived("RecordId", .string, label: "Record ID", length: 18),
            .system("HasReadAccess", .boolean, label: "Read Access"),
            .system("HasEditAccess", .boolean, label: "Edit Access"),
        ]
    ).describeOnly()

    static let vote = ObjectSchema(
        name: "Vote", labelPlural: "Votes", keyPrefix: "083", retrieveable: true, searchable: false,
        triggerable: false, layoutable: false, bulkQueryable: false,
        notQueryableReason: "A query must filter on Id or ParentId.",
        fields: [
            .id("Vote ID"),
            .isDeleted,
            FieldSchema("ParentId", .reference, nillable: false, updateable: false),
            .picklist("Type", Picklists.values("Up", "Down", "1", "2", "3", "4", "5"), nillable: false),
            .createdDate, .createdById, .lastModifiedDate, .lastModifiedById, .systemModstamp,
        ]
    ).describeOnly()

    static let contentDocumentLink = ObjectSchema(
        name: "ContentDocumentLink", label: "Content Document Link", labelPlural: "Content Document Link",
        keyPrefix: "06A", searchable: false, layoutable: false, bulkQueryable: false,
        notQueryableReason: "A query must filter on ContentDocumentId or LinkedEntityId.",
        fields: [
            .id("ContentDocumentLink ID"),
            .lookup(
                "LinkedEntityId", to: filesTargets, nil, label: "Linked Entity ID", nillable: false, updateable: false,
                children: "ContentDocumentLinks", cascade: true),
            .lookup("ContentDocumentId", to: "ContentDocument", "ContentDocument", nillable: false, updateable: false),
            .isDeleted,
            .systemModstamp,
            .picklist("ShareType", Picklists.values("V", "C", "I"), label: "Share Type", restricted: true),
            .picklist("Visibility", Picklists.values("AllUsers", "InternalUsers", "SharedUsers"), restricted: true),
        ]
    ).describeOnly()

    static let aggregateResult = notQueryable("AggregateResult", label: "Aggregate Result", fields: [.id("AggregateResult ID")])

    /// The `Name` entity behind polymorphic lookups (`Who.Name`, `Owner.Name`).
    static let nameObject = notQueryable(
        "Name", label: "Name", labelPlural: "Names",
        fields: [.id("Name ID"), .derived("Name", .string), .derived("Type", .string, length: 40)])

    static let accountChangeEvent = notQueryable(
        "AccountChangeEvent", label: "Account Change Event", labelPlural: "Account Change Events",
        fields: [
            .id("Account ID"), .derived("ReplayId", .string, label: "Replay ID"),
            .derived("Name", .string, label: "Account Name"),
            .lookup("ParentId", to: "Account", "Parent", label: "Parent Account ID", createable: false, updateable: false),
        ])

    /// Objects only the API itself produces (query results, name lookups, change events).
    private static func notQueryable(_ name: String, label: String, labelPlural: String? = nil, fields: [FieldSchema]) -> ObjectSchema {
        ObjectSchema(
            name: name, label: label, labelPlural: labelPlural ?? label, keyPrefix: nil, queryable: false,
            replicateable: false, retrieveable: false, createable: false, updateable: false, deletable: false,
            searchable: false, triggerable: false, layoutable: false, bulkQueryable: false,
            notQueryableReason: "The object cannot be queried.", fields: fields
        ).describeOnly()
    }
}

extension ObjectSchema {
    /// Describe-only objects have no layouts, record types, recent items or undelete.
    fileprivate func describeOnly() -> ObjectSchema {
        with {
            $0.compactLayoutable = false
            $0.mruEnabled = false
            $0.searchLayoutable = false
            $0.undeletable = false
            $0.hasMasterRecordType = false
            $0.urlKinds = []
        }
    }
}

extension FieldSchema {
    fileprivate func referencing(_ target: String) -> FieldSchema {
        var copy = self
        copy.referenceTo = [target]
        return copy
    }
}
