import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdCore
import Logging
import NIOCore
import SOQL

/// `/sobjects/...`: describeGlobal, describe, records (read, create, update, delete) and the
/// replication resources `updated` and `deleted`.
extension SandboxServer {
    func sobjects(_ request: APIRequest, rest: [String], user: Int) throws -> Response {
        let catalog = store.catalog
        let version = request.version
        guard let name = rest.first else {
            guard request.method == .get else { throw methodNotAllowed(request, allowed: "GET") }
            if Self.notModified(request, changedAt: store.schemaChangedAt) { return Reply.notModified() }
            return Reply.json(describeGlobalJSON(catalog.schemas, version: version))
        }
        guard let object = catalog.objectIndex(name: name) else { throw SalesforceFault.notFound }
        let schema = catalog.schemas[object]
        switch (rest.count, rest.count > 1 ? rest[1] : "") {
        case (1, _):
            switch request.method {
            case .get:
                return Reply.json(.object([("objectDescribe", describeGlobalEntryJSON(of: schema, version: version)), ("recentItems", .array([]))]))
            case .post:
                let values = try RecordInput.parse(request.body, schema: schema, creating: true)
                let index = store.insert(object: object, values: values, byUser: SalesforceID.make(prefix: "005", index: user))
                let id = SalesforceID.make(prefix: schema.keyPrefix ?? "000", index: index)
                return Reply.json(.object([("id", .string(id)), ("success", true), ("errors", .array([]))]), status: .created)
            default: throw methodNotAllowed(request, allowed: "GET, POST")
            }
        case (2, "describe"):
            guard request.method == .get else { throw methodNotAllowed(request, allowed: "GET") }
            if Self.notModified(request, changedAt: store.schemaChangedAt(object: object)) { return Reply.notModified() }
            // Field-level security: the fields hidden from this user are not in its describe.
            let visible = schema.removingFields(access.access(of: user).hiddenFields(of: schema.name))
            return Reply.json(describeJSON(of: visible, in: catalog.schemas, version: version, instanceURL: baseURL))
        case (2, "updated"), (2, "deleted"):
            guard request.method == .get else { throw methodNotAllowed(request, allowed: "GET") }
            return Reply.json(try replication(request, object: object, deleted: rest[1] == "deleted"))
        case (2, let id):
            guard let (prefix, index) = SalesforceID.parse(id), prefix == schema.keyPrefix else { throw SalesforceFault.notFound }
            let userID = SalesforceID.make(prefix: "005", index: user)
            switch request.method {
            case .get:
                let snapshot = store.snapshot()
                let access = self.access.access(of: user)
                guard let row = snapshot.row(object: object, index: index, includeDeleted: true),
                      RecordVisibility.of(object: object, catalog: snapshot.catalog, user: user, access: access)?.allows(index: index, row.value(at:)) ?? true
                else { throw SalesforceFault.notFound }
                if snapshot.isDeleted(object: object, index: index) { throw SalesforceFault.entityDeleted }
                let hidden = access.hiddenFields(of: schema.name)
                let fields = try request.query["fields"].map { try selectedFields($0, schema: schema, hidden: hidden) }
                    ?? (hidden.isEmpty ? nil : schema.fields.indices.filter { !hidden.contains(schema.fields[$0].name.lowercased()) })
                return Reply.json(RecordJSON.record(row, schema: schema, fields: fields, version: version))
            case .patch:
                try store.update(object: object, index: index, values: RecordInput.parse(request.body, schema: schema, creating: false), byUser: userID)
                return Reply.noContent()
            case .delete:
                try store.delete(object: object, index: index, byUser: userID)
                return Reply.noContent()
            default: throw methodNotAllowed(request, allowed: "GET, PATCH, DELETE")
            }
        default:
            throw SalesforceFault.notFound
        }
    }

    func methodNotAllowed(_ request: APIRequest, allowed: String) -> SalesforceFault {
        SalesforceFault(status: 405, "METHOD_NOT_ALLOWED", "HTTP Method '\(request.method.rawValue)' not allowed. Allowed are \(allowed)")
    }

    private func selectedFields(_ list: String, schema: ObjectSchema, hidden: Set<String>) throws -> [Int] {
        try list.split(separator: ",").map { name in
            let trimmed = name.trimmingCharacters(in: .whitespaces)
            guard let i = schema.fieldIndex(named: trimmed), !hidden.contains(trimmed.lowercased()) else {
                throw SalesforceFault(status: 400, "INVALID_FIELD", "No such column '\(trimmed)' on sobject of type \(schema.name)")
            }
            return i
        }
    }

    /// `updated` / `deleted`: ids changed in a window of whole minutes, as Salesforce answers.
    private func replication(_ request: APIRequest, object: Int, deleted: Bool) throws -> JSON {
        // Only replicateable objects answer (describe's `replicateable`); the code and text are inferred.
        guard store.catalog.schemas[object].replicateable else {
            throw SalesforceFault(status: 400, "INVALID_TYPE", "\(store.catalog.schemas[object].name) is not replicateable")
        }
        guard let startText = request.query["start"], let endText = request.query["end"],
            let start = SOQLDate.parseDateTime(startText), let end = SOQLDate.parseDateTime(endText)
        else {
            throw SalesforceFault(status: 400, "INVALID_REPLICATION_DATE", "start and end must be ISO 8601 date-times (for example 2024-01-02T03:04:05+00:00)")
        }
        let minute: Int64 = 60_000
        let from = start / minute * minute
        let to = end / minute * minute
        let snapshot = store.snapshot()
        let now = snapshot.now
        guard from < to else { throw SalesforceFault(status: 400, "INVALID_REPLICATION_DATE", "start date must be before end date") }
        let window: Int64 = (deleted ? 15 : 30) * 86_400_000
        guard from >= now - window else {
            throw SalesforceFault(status: 400, "INVALID_REPLICATION_DATE", "start date cannot be more than \(deleted ? 15 : 30) days ago")
        }
        let latest = min(to, now / minute * minute)
        let table = snapshot.tables[object]
        let prefix = snapshot.catalog.schemas[object].keyPrefix ?? "000"
        if deleted {
            let entries = table.deleteLog.filter { $0.at >= from && $0.at < latest }
            if entries.count > 600_000 { throw SalesforceFault(status: 400, "EXCEEDED_ID_LIMIT", "record limit reached. cannot submit more than 600000 records into this call") }
            let earliest = table.deleteLog.first.map { $0.at } ?? from
            return .object([
                ("deletedRecords", .array(entries.map { .object([("id", .string(SalesforceID.make(prefix: prefix, index: $0.index))), ("deletedDate", ValueWriter.json(.dateTime($0.at)))]) })),
                ("earliestDateAvailable", ValueWriter.json(.dateTime(min(earliest, from)))),
                ("latestDateCovered", ValueWriter.json(.dateTime(latest))),
            ])
        }
        let stamp = snapshot.catalog.schemas[object].fieldIndex(named: "SystemModstamp") ?? snapshot.catalog.schemas[object].fieldIndex(named: "LastModifiedDate")
        var ids: [JSON] = []
        if let stamp {
            for index in 0..<table.count {
                guard let values = snapshot.values(object: object, index: index, includeDeleted: false), stamp < values.count,
                    case .dateTime(let t) = values[stamp], t >= from, t < latest
                else { continue }
                ids.append(.string(SalesforceID.make(prefix: prefix, index: index)))
                if ids.count > 600_000 { throw SalesforceFault(status: 400, "EXCEEDED_ID_LIMIT", "record limit reached. cannot submit more than 600000 records into this call") }
            }
        }
        return .object([("ids", .array(ids)), ("latestDateCovered", ValueWriter.json(.dateTime(latest)))])
    }
}
