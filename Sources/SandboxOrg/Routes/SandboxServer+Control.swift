import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdCore
import Logging
import NIOCore
import SOQL

/// `/_sandbox/...`: the sandbox-only controls tests use (documented in the README). They need no
/// token: the sandbox serves loopback only, and tests must reach them even when the API is down.
///
/// - `GET /_sandbox/state`: org id, users, record counts, API calls, active faults.
/// - `POST /_sandbox/faults` `{"kind": "http503", "count": 2, "pathContains": "/query", "delayMs": 0,
///   "afterCalls": 0, "maxRecords": 10000}`; `GET` lists them; `DELETE` clears them.
/// - `POST /_sandbox/sessions/expire`: every access token stops working (refresh still works).
/// - `POST /_sandbox/refresh-tokens/revoke`: every refresh token is revoked.
/// - `POST /_sandbox/org` `{"apiDisabled": true}`: the org answers `API_DISABLED_FOR_ORG`.
/// - `POST /_sandbox/late-visibility` `{"delayMs": 5000}`: changes become visible late (0: off).
/// - `POST /_sandbox/activity` `{"perSecond": 20}`: continuous creates, updates, conversions, deletes.
/// - `POST /_sandbox/recycle-bin/empty` `{"object": "Lead"}` (or all): hard-delete what is in the bin.
/// - `POST /_sandbox/fields` `{"object": "Account", "name": "Region__c", "type": "string"}`: add a custom field.
/// - `POST /_sandbox/field-security` `{"username": "integration@tributary.sandbox", "hide": ["Account.Industry"],
///   "show": ["Account.AnnualRevenue"]}`: change what field-level security hides from a user.
/// - `POST /_sandbox/archive`: archive the activities that crossed the 365-day line by the org's
///   clock (and start archiving if it was off).
/// - `POST /_sandbox/leads/convert` `{"leadId": "00Q…"}`: convert that lead as Salesforce does
///   (`LeadConversion`); answers the new ids and how many activities and members moved.
extension SandboxServer {
    func control(_ request: APIRequest) async throws -> Response {
        let action = request.parts.dropFirst().joined(separator: "/")
        let body = request.body.isEmpty ? JSON.object([]) : try parseControlBody(request.body)
        switch (action, request.method) {
        case ("state", .get):
            return Reply.json(stateJSON())
        case ("faults", .get):
            return Reply.json(.array(faults.active.map(\.json)))
        case ("faults", .delete):
            faults.clear()
            store.setLateVisibility(ms: 0)
            return Reply.json(.object([("cleared", true)]))
        case ("faults", .post):
            guard let kindName = body["kind"]?.stringValue, let kind = FaultSpec.Kind(rawValue: kindName) else {
                throw SalesforceFault(status: 400, "INVALID_FAULT", "kind must be one of: \(FaultSpec.Kind.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            let fault = FaultSpec(
                kind: kind, count: body.int("count") ?? 1, pathContains: body["pathContains"]?.stringValue,
                delayMs: body.int("delayMs") ?? 0, afterCalls: body.int("afterCalls") ?? 0, maxRecords: body.int("maxRecords") ?? 10_000)
            faults.add(fault)
            return Reply.json(fault.json, status: .created)
        case ("sessions/expire", .post):
            return Reply.json(.object([("expired", .int(Int64(auth.expireAllSessions())))]))
        case ("refresh-tokens/revoke", .post):
            return Reply.json(.object([("revoked", .int(Int64(auth.revokeAllRefreshTokens())))]))
        case ("org", .post):
            if case .bool(let disabled)? = body["apiDisabled"] { faults.setAPIDisabledForOrg(disabled) }
            return Reply.json(.object([("apiDisabled", .bool(faults.apiDisabledForOrg))]))
        case ("late-visibility", .post):
            let ms = body.int("delayMs") ?? 0
            guard ms >= 0 else { throw SalesforceFault(status: 400, "INVALID_FAULT", "delayMs must not be negative") }
            store.setLateVisibility(ms: Int64(ms))
            return Reply.json(.object([("delayMs", .int(Int64(ms)))]))
        case ("activity", .post):
            let rate = body.double("perSecond") ?? 0
            guard rate >= 0, rate <= 10_000 else { throw SalesforceFault(status: 400, "INVALID_FAULT", "perSecond must be between 0 and 10000") }
            activity.setRate(rate)
            return Reply.json(.object([("perSecond", .double(rate))]))
        case ("recycle-bin/empty", .post):
            var object: Int?
            if let name = body["object"]?.stringValue {
                guard let i = store.catalog.objectIndex(name: name) else { throw SalesforceFault.notFound }
                object = i
            }
            return Reply.json(.object([("purged", .int(Int64(store.emptyRecycleBin(object: object))))]))
        case ("fields", .post):
            return try addField(body)
        case ("archive", .post):
            return archiveNow()
        case ("field-security", .post):
            return try changeFieldSecurity(body)
        case ("leads/convert", .post):
            return try convertLead(body)
        default:
            throw SalesforceFault.notFound
        }
    }

    private func parseControlBody(_ body: [UInt8]) throws -> JSON {
        do {
            return try JSONParser.parse(body)
        } catch {
            throw SalesforceFault(status: 400, "JSON_PARSER_ERROR", "\(error.message) at [line:\(error.line), column:\(error.column)]")
        }
    }

    private func addField(_ body: JSON) throws -> Response {
        guard let objectName = body["object"]?.stringValue, let object = store.catalog.objectIndex(name: objectName) else {
            throw SalesforceFault(status: 400, "INVALID_TYPE", "object must name an sObject of the org")
        }
        guard let name = body["name"]?.stringValue, name.hasSuffix("__c"), name.count > 3,
            name.dropLast(3).allSatisfy({ $0.isLetter || $0.isNumber || $0 == "_" })
        else { throw SalesforceFault(status: 400, "INVALID_FIELD", "name must be a custom field API name ending in __c") }
        guard store.catalog.schemas[object].fieldIndex(named: name) == nil else {
            throw SalesforceFault(status: 400, "DUPLICATE_DEVELOPER_NAME", "There is already a field named \(name) on \(objectName).")
        }
        guard let type = FieldType(rawValue: body["type"]?.stringValue ?? "string"), ![.id, .address, .location, .base64].contains(type) else {
            throw SalesforceFault(status: 400, "INVALID_TYPE", "type must be a Salesforce field type such as string, double, date, datetime, boolean, picklist")
        }
        let precision = type == .double || type == .currency || type == .percent ? 18 : 0
        let field = FieldSchema(name, type, precision: precision, scale: precision > 0 ? 2 : 0, digits: type == .int ? 9 : 0)
        store.addField(field, to: object)
        return Reply.json(.object([("object", .string(store.catalog.schemas[object].name)), ("field", .string(name)), ("type", .string(type.rawValue))]), status: .created)
    }

    private func convertLead(_ body: JSON) throws -> Response {
        guard let id = body["leadId"]?.stringValue, let (prefix, index) = SalesforceID.parse(id),
            let lead = store.catalog.objectIndex(name: "Lead"), store.catalog.schemas[lead].keyPrefix == prefix
        else { throw SalesforceFault(status: 400, "INVALID_ID_FIELD", "leadId must be the id of a lead of the org") }
        let converted = try store.convertLead(index: index, amount: 10_000, byUser: SalesforceID.make(prefix: "005", index: 0))
        return Reply.json(.object([
            ("accountId", .string(converted.accountID)), ("contactId", .string(converted.contactID)),
            ("opportunityId", .string(converted.opportunityID)), ("tasks", .int(Int64(converted.tasks))),
            ("events", .int(Int64(converted.events))), ("campaignMembers", .int(Int64(converted.members))),
        ]))
    }

    private func changeFieldSecurity(_ body: JSON) throws -> Response {
        guard let name = body["username"]?.stringValue, let user = auth.user(named: name) else {
            throw SalesforceFault(status: 400, "INVALID_USER", "username must name a user of the org")
        }
        func fields(_ key: String) throws -> [(object: String, field: String)] {
            guard let value = body[key] else { return [] }
            guard case .array(let items) = value else { throw SalesforceFault(status: 400, "INVALID_FIELD", "\(key) must be a list of Object.Field names") }
            return try items.map { item in
                let parts = (item.stringValue ?? "").split(separator: ".").map(String.init)
                guard parts.count == 2, let object = store.catalog.objectIndex(name: parts[0]),
                      store.catalog.schemas[object].fieldIndex(named: parts[1]) != nil else {
                    throw SalesforceFault(status: 400, "INVALID_FIELD", "\(item.stringValue ?? "?") is not a field of the org (Object.Field)")
                }
                guard parts[1].lowercased() != "id" else { throw SalesforceFault(status: 400, "INVALID_FIELD", "Id cannot be hidden") }
                return (store.catalog.schemas[object].name, parts[1])
            }
        }
        let changed = access.changeFieldSecurity(user: user.index, hide: try fields("hide"), show: try fields("show"))
        // Named as describe names them (the access keeps lowercased names).
        let hidden = changed.hiddenFields.compactMap { object, fields -> [String]? in
            guard let i = store.catalog.objectIndex(name: object) else { return nil }
            let schema = store.catalog.schemas[i]
            return fields.compactMap { schema.field(named: $0).map { "\(schema.name).\($0.name)" } }
        }.flatMap { $0 }.sorted()
        return Reply.json(.object([("username", .string(user.username)), ("hidden", .array(hidden.map(JSON.string)))]))
    }

    private func stateJSON() -> JSON {
        .object([
            ("baseURL", .string(baseURL)), ("organizationId", .string(auth.organizationID)),
            ("clientId", .string(auth.clientID)), ("apiCalls", .int(Int64(faults.calls))),
            ("apiDisabled", .bool(faults.apiDisabledForOrg)), ("activityPerSecond", .double(activity.rate)),
            ("users", .array(auth.users.map { user in
                let access = self.access.access(of: user.index)
                return .object([("username", .string(user.username)), ("apiEnabled", .bool(user.apiEnabled)), ("viewAllData", .bool(access.viewAllData))])
            })),
            ("counts", .object(store.liveCounts().sorted { $0.key < $1.key }.map { ($0.key, .int(Int64($0.value))) })),
            ("faults", .array(faults.active.map(\.json))),
        ])
    }
}

extension JSON {
    func int(_ key: String) -> Int? {
        switch self[key] {
        case .int(let n)?: Int(n)
        case .double(let d)?: Int(d)
        default: nil
        }
    }

    func double(_ key: String) -> Double? {
        switch self[key] {
        case .int(let n)?: Double(n)
        case .double(let d)?: d
        default: nil
        }
    }
}
