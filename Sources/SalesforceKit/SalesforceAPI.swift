import Foundation

/// What the update cycle asks of a Salesforce org: the seam between Sync and the wire. The live
/// implementation is `SalesforceClient`; tests script a fake that answers from recorded
/// responses and fails on any call it was not told to expect.
public protocol SalesforceAPI: Sendable {
    /// Requests sent to the org's API so far, retries included.
    var callCount: Int { get }
    /// The last `Sforce-Limit-Info` seen.
    var apiUsage: APIUsage? { get }

    func describeGlobal() async throws -> [GlobalObject]
    func describe(_ object: String) async throws -> ObjectDescribe
    /// describeGlobal, or `.notModified` when no object changed since `since` (nil: always read).
    func describeGlobal(ifModifiedSince since: Date?) async throws -> Conditional<[GlobalObject]>
    /// An object's describe, or `.notModified` when it did not change since `since` (nil: always read).
    func describe(_ object: String, ifModifiedSince since: Date?) async throws -> Conditional<ObjectDescribe>
    /// Subrequests sent as composites of at most 25 (5 of them queries), one API call each;
    /// one subresponse per subrequest, in order, each with its own status and error.
    func composite(_ subrequests: [CompositeSubrequest], allOrNone: Bool) async throws -> [CompositeSubresponse]
    /// `SELECT COUNT() …` through `/query`, or `/queryAll` (`includeDeleted`: deleted and
    /// archived rows counted too, as a `queryAll` read of the same filter returns them).
    func count(_ soql: String, includeDeleted: Bool) async throws -> Int
    func query(_ soql: String, fields: [String], includeDeleted: Bool, batchSize: Int?) async throws -> QueryPage
    func queryMore(_ nextRecordsURL: String, fields: [String], batchSize: Int?) async throws -> QueryPage
    func createBulkQuery(_ soql: String, includeDeleted: Bool) async throws -> BulkJob
    func bulkJob(_ id: String) async throws -> BulkJob
    func bulkResults(_ jobID: String, locator: String?, maxRecords: Int?, chunkRows: Int) async throws -> BulkResultStream
    func deleteBulkJob(_ id: String) async throws
}

extension SalesforceAPI {
    /// `SELECT COUNT() …` through `/query`.
    public func count(_ soql: String) async throws -> Int { try await count(soql, includeDeleted: false) }
}

extension SalesforceClient: SalesforceAPI {
    /// The REST version every call uses unless told otherwise (one constant, as DESIGN.md asks).
    public static let defaultAPIVersion = "62.0"
}
