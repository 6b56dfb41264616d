import Foundation
import NIOHTTP1
import Rows
import SOQL

/// One page of `/query` or `/queryAll`.
public struct QueryPage: Sendable {
    public var totalSize: Int
    public var done: Bool
    public var nextRecordsURL: String?
    /// One column per requested field, in the requested order.
    public var records: RowBatch
}

public struct UpdatedResult: Sendable {
    public var ids: [String]
    public var latestDateCovered: Date?

    /// `{"ids": [...], "latestDateCovered": "…"}`.
    init(json: [String: Any]) {
        ids = json["ids"] as? [String] ?? []
        latestDateCovered = (json["latestDateCovered"] as? String).flatMap(SalesforceDate.parse)
    }
}

public struct DeletedResult: Sendable {
    public var records: [(id: String, deletedDate: Date)]
    public var earliestDateAvailable: Date?
    public var latestDateCovered: Date?

    /// `{"deletedRecords": [{"id", "deletedDate"}], "earliestDateAvailable", "latestDateCovered"}`.
    init(json: [String: Any]) {
        records = (json["deletedRecords"] as? [[String: Any]] ?? []).compactMap { entry -> (id: String, deletedDate: Date)? in
            guard let id = entry["id"] as? String, let date = (entry["deletedDate"] as? String).flatMap(SalesforceDate.parse) else { return nil }
            return (id, date)
        }
        earliestDateAvailable = (json["earliestDateAvailable"] as? String).flatMap(SalesforceDate.parse)
        latestDateCovered = (json["latestDateCovered"] as? String).flatMap(SalesforceDate.parse)
    }
}

public struct Limit: Sendable, Equatable {
    public var max: Int
    public var remaining: Int
}

/// The REST API: discovery, describe, SOQL pages, replication resources, limits, records.
extension SalesforceClient {
    /// The API versions the org serves ("31.0" …). Needs no token, but sends it anyway.
    public func versions() async throws -> [String] {
        try await getParsed(.other, { $0.instanceURL.appending("/services/data/") }) { body in
            guard let list = try JSONSerialization.jsonObject(with: Data(body)) as? [[String: Any]] else {
                throw SalesforceError.malformedResponse("versions: expected a JSON array")
            }
            return list.compactMap { $0["version"] as? String }
        }
    }

    public func describeGlobal() async throws -> [GlobalObject] {
        try await getDecoded(.describeGlobal, DescribeGlobalResponse.self, dataURL("/sobjects/")).sobjects
    }

    public func describe(_ object: String) async throws -> ObjectDescribe {
        try await getDecoded(.describe, ObjectDescribe.self, dataURL("/sobjects/\(Self.pathComponent(object))/describe/"))
    }

    public func query(_ soql: String, fields: [String], includeDeleted: Bool = false, batchSize: Int? = nil) async throws -> QueryPage {
        let resource = includeDeleted ? "/queryAll/" : "/query/"
        return try await page(.query, dataURL(resource + "?q=" + FormEncoding.escape(soql)), fields: fields, batchSize: batchSize)
    }

    /// The next page: `nextRecordsUrl` must be a path on the instance; anything else (another
    /// host, `//host`, `@host`) is refused before the token is sent.
    public func queryMore(_ nextRecordsURL: String, fields: [String], batchSize: Int? = nil) async throws -> QueryPage {
        let next = try InstancePath(checking: nextRecordsURL)
        return try await page(.queryMore, { $0.instanceURL.appending(next.path) }, fields: fields, batchSize: batchSize)
    }

    private func page(_ operation: SalesforceOperation, _ url: @escaping @Sendable (TokenSet) -> String, fields: [String], batchSize: Int?) async throws -> QueryPage {
        let headers = batchSize.map { [("Sforce-Query-Options", "batchSize=\(min(2_000, max(200, $0)))")] } ?? []
        return try await getParsed(operation, url, headers: headers) { try QueryPageParser(fields: fields).parse($0) }
    }

    /// `SELECT COUNT() …`: the number of matching records (`includeDeleted`: through `/queryAll`,
    /// so deleted and archived records count too).
    public func count(_ soql: String, includeDeleted: Bool) async throws -> Int {
        let url = dataURL((includeDeleted ? "/queryAll/" : "/query/") + "?q=" + FormEncoding.escape(soql))
        return try await getParsed(.count, url) { try QueryPageParser(fields: []).parse($0) }.totalSize
    }

    public func updated(_ object: String, start: Date, end: Date) async throws -> UpdatedResult {
        UpdatedResult(json: try await getObject(dataURL("/sobjects/\(Self.pathComponent(object))/updated/?" + Self.window(start, end))))
    }

    public func deleted(_ object: String, start: Date, end: Date) async throws -> DeletedResult {
        DeletedResult(json: try await getObject(dataURL("/sobjects/\(Self.pathComponent(object))/deleted/?" + Self.window(start, end))))
    }

    public func limits() async throws -> [String: Limit] {
        let json = try await getObject(dataURL("/limits/"))
        var limits: [String: Limit] = [:]
        for (name, value) in json {
            guard let entry = value as? [String: Any], let max = entry["Max"] as? Int, let remaining = entry["Remaining"] as? Int else { continue }
            limits[name] = Limit(max: max, remaining: remaining)
        }
        return limits
    }

    // MARK: - Records (tests, demos)

    public func create(_ object: String, fields: [String: JSONValue]) async throws -> String {
        let body = try JSONEncoder().encode(fields)
        return try await send(.other, .POST, dataURL("/sobjects/\(Self.pathComponent(object))/"), json: Array(body)) { exchange in
            guard let json = try? JSONSerialization.jsonObject(with: Data(exchange.body)) as? [String: Any], let id = json["id"] as? String else {
                throw SalesforceError.malformedResponse("create \(object): no id in the answer")
            }
            return id
        }
    }

    public func update(_ object: String, id: String, fields: [String: JSONValue]) async throws {
        let body = try JSONEncoder().encode(fields)
        try await send(.other, .PATCH, dataURL("/sobjects/\(Self.pathComponent(object))/\(Self.pathComponent(id))"), json: Array(body)) { _ in }
    }

    public func delete(_ object: String, id: String) async throws {
        try await send(.other, .DELETE, dataURL("/sobjects/\(Self.pathComponent(object))/\(Self.pathComponent(id))")) { _ in }
    }

    public func record(_ object: String, id: String, fields: [String]) async throws -> [String: JSONValue] {
        let path = "/sobjects/\(Self.pathComponent(object))/\(Self.pathComponent(id))?fields=" + FormEncoding.escape(fields.joined(separator: ","))
        return try await getParsed(.other, dataURL(path)) { try JSONDecoder().decode([String: JSONValue].self, from: Data($0)) }
    }

    // MARK: - Helpers

    static func pathComponent(_ text: String) -> String { FormEncoding.escape(text) }

    static func window(_ start: Date, _ end: Date) -> String {
        "start=" + FormEncoding.escape(SalesforceDate.format(start)) + "&end=" + FormEncoding.escape(SalesforceDate.format(end))
    }
}

/// Salesforce's datetimes: `2024-01-02T03:04:05.000+0000` (REST), `…Z` (Bulk).
public enum SalesforceDate {
    public static func parse(_ text: String) -> Date? {
        SOQLDate.parseDateTime(text).map { Date(timeIntervalSince1970: TimeInterval($0) / 1000) }
    }

    /// `2024-01-02T03:04:05Z`, as the replication resources take it.
    public static func format(_ date: Date) -> String {
        SOQLDate.formatWholeSeconds(Int64((date.timeIntervalSince1970 * 1000).rounded(.down)))
    }
}
