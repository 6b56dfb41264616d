import SalesforceKit

/// Which objects an update cycle can copy, and why the others are skipped. One list, so the UI,
/// the CLI and the cycle give the same reason.
public enum ObjectEligibility {
    /// Objects that describeGlobal calls queryable but that cannot be read without a filter, or
    /// that the API answers with an error for a plain `SELECT … FROM X`.
    static let unsupported: [String: String] = [
        "ActivityHistory": "queryable only as a subquery of its parent",
        "AggregateResult": "a result shape, not an object",
        "Announcement": "queryable only with a filter on the feed",
        "AttachedContentDocument": "queryable only as a subquery of its parent",
        "CombinedAttachment": "queryable only as a subquery of its parent",
        "ContentDocumentLink": "needs a filter on ContentDocumentId or LinkedEntityId",
        "ContentFolderItem": "needs a filter on Id or ParentContentFolderId",
        "ContentFolderMember": "needs a filter",
        "DataStatistics": "not supported by queries",
        "EntityParticle": "needs a filter on EntityDefinitionId",
        "FeedItem": "queryable only with a filter in some editions; use the parent's feed",
        "FieldDefinition": "needs a filter on EntityDefinitionId",
        "FlexQueueItem": "needs a filter on JobType",
        "IdeaComment": "needs a filter on Id or IdeaId",
        "KnowledgeArticleVersion": "needs a filter on PublishStatus and Language",
        "ListViewChartInstance": "needs a filter on SourceEntity or ListViewContextId",
        "LookedUpFromActivity": "queryable only as a subquery of its parent",
        "Name": "a polymorphic view, not an object",
        "NewsFeed": "needs a filter on Id or ParentId",
        "NoteAndAttachment": "queryable only as a subquery of its parent",
        "OpenActivity": "queryable only as a subquery of its parent",
        "OwnedContentDocument": "queryable only as a subquery of its parent",
        "PlatformAction": "needs a filter on SourceEntity",
        "ProcessInstanceHistory": "queryable only as a subquery of its parent",
        "RecentlyViewed": "a per-user view, not data",
        "RelationshipDomain": "needs a filter",
        "RelationshipInfo": "needs a filter",
        "TopicAssignment": "needs a filter on Id or EntityId",
        "UserEntityAccess": "needs a filter on UserId and EntityDefinitionId",
        "UserFieldAccess": "needs a filter on DurableId or EntityDefinitionId",
        "UserProfileFeed": "needs a WITH UserId filter",
        "UserRecordAccess": "needs a filter on UserId and RecordId",
        "Vote": "needs a filter on ParentId or Id",
    ]

    /// Suffixes of object families that are not tables of records.
    static let unsupportedSuffixes: [(suffix: String, reason: String)] = [
        ("ChangeEvent", "a change-data-capture event, not stored records"),
        ("__x", "an external object: its rows live outside Salesforce"),
        ("__e", "a platform event, not stored records"),
        ("__b", "a big object: only queryable by its index"),
        ("__mdt", "custom metadata, not data"),
        ("Feed", "a feed: queryable only with a filter in most orgs"),
    ]

    /// nil when the object can be synced, else the reason it is skipped.
    public static func skipReason(for object: GlobalObject) -> String? {
        if !object.queryable { return "the API does not allow queries on this object" }
        if !object.retrieveable { return "the API does not allow retrieving this object's records" }
        if object.deprecatedAndHidden { return "deprecated and hidden by Salesforce" }
        if let reason = unsupported[object.name] { return reason }
        for entry in unsupportedSuffixes where object.name.hasSuffix(entry.suffix) { return entry.reason }
        return nil
    }
}
