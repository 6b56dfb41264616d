import Foundation
import SalesforceKit
import Warehouse

/// The org's describes as the last structure sync read them, kept in the metadata store. The
/// next cycle sends describeGlobal `If-Modified-Since` the time they were read; Salesforce
/// answers the list "only if an available object's metadata has changed since the provided
/// date", else 304 Not Modified (REST API guide, *Get a List of Objects If Metadata Has
/// Changed*). On a 304 every table is planned from these describes: one call instead of one
/// per 25 objects. When something changed, each object's describe is asked with the same
/// header, so the objects that did not change answer 304 and come from here too.
struct SchemaCache: Codable, Sendable, Equatable {
    /// The org the describes came from: a connection reauthenticated into another org starts over.
    var organizationID: String?
    /// When the structure sync that read them began, by this machine's clock; nil when some
    /// describe failed before any complete read (the next cycle asks unconditionally).
    var readAt: Date?
    var globals: [GlobalObject]
    var describes: [String: ObjectDescribe]
    /// Objects whose describe the org refused (404, 400): the reason, so a 304 cycle skips them
    /// without asking again.
    var unavailable: [String: String]

    /// How far before `readAt` the header points: the clocks of this machine and Salesforce's
    /// may differ by up to this much (the windows' lookback allows the same), and a change
    /// made in between costs only describes read again, never a change missed.
    static let clockMargin: TimeInterval = 300

    /// The `If-Modified-Since` for this org, or nil when the cache cannot answer for it.
    func since(organizationID org: String?) -> Date? {
        guard let readAt, org == organizationID else { return nil }
        return readAt.addingTimeInterval(-Self.clockMargin)
    }

    /// The shape of the describes kept: a cache of an older shape lacks what this build reads
    /// from describe (2: relationship names and picklist values), so it is read again.
    static let currentFormat = 2
    var format: Int? = SchemaCache.currentFormat

    static func load(_ metadata: any MetadataStore, connectionID: Int64) async throws -> SchemaCache? {
        guard let body = try await metadata.schemaCache(connectionID: connectionID) else { return nil }
        // A cache this build cannot read is no cache: the cycle describes everything again.
        guard let cache = try? JSONDecoder().decode(SchemaCache.self, from: body), cache.format == currentFormat else { return nil }
        return cache
    }

    func save(_ metadata: any MetadataStore, connectionID: Int64) async throws {
        try await metadata.saveSchemaCache(connectionID: connectionID, try JSONEncoder().encode(self))
    }
}
