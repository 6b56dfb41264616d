import Foundation
import GRDB

// GRDB conformances of the metadata records, kept apart from the plain structs: the column
// names here are the storage detail, and only the SQLite implementation needs them.

/// Reads a String-backed enum, failing loudly on a value this build does not know.
private func decodeEnum<E: RawRepresentable>(_ row: Row, _ column: String) throws -> E where E.RawValue == String {
    let raw: String = row[column]
    guard let value = E(rawValue: raw) else {
        throw DatabaseError(resultCode: .SQLITE_CORRUPT_VTAB, message: "unknown \(column) value \(raw)")
    }
    return value
}

extension ConnectionRecord: FetchableRecord, MutablePersistableRecord {
    public static var databaseTableName: String { "tributary_connections" }

    public init(row: Row) throws {
        self.init(
            id: row["id"], name: row["name"], kind: row["kind"], loginURL: row["login_url"], instanceURL: row["instance_url"],
            organizationID: row["organization_id"], username: row["username"], authKind: try decodeEnum(row, "auth_kind"),
            clientID: row["client_id"], secretsCiphertext: row["secrets_ciphertext"], status: try decodeEnum(row, "status"),
            lastError: row["last_error"], apiShare: row["api_share"], createdAt: row["created_at"],
            lastSuccessfulUpdateBegan: row["last_successful_update_began"], lastDataPointReceived: row["last_data_point_received"],
            updateEveryMinutes: row["update_every_minutes"],
            blackout: (row["blackout_start_hour"] as Int?).flatMap { start in (row["blackout_end_hour"] as Int?).flatMap { BlackoutHours(start: start, end: $0) } },
            notifyEmail: row["notify_email"], notifyWebhook: row["notify_webhook"],
            access: AccessFindings(storedText: row["access_findings"]), reconcileWithoutViewAllData: row["reconcile_without_view_all"])
    }

    public func encode(to container: inout PersistenceContainer) throws {
        container["id"] = id
        container["name"] = name
        container["kind"] = kind
        container["login_url"] = loginURL
        container["instance_url"] = instanceURL
        container["organization_id"] = organizationID
        container["username"] = username
        container["auth_kind"] = authKind.rawValue
        container["client_id"] = clientID
        container["secrets_ciphertext"] = secretsCiphertext
        container["status"] = status.rawValue
        container["last_error"] = lastError
        container["api_share"] = apiShare
        container["created_at"] = createdAt
        container["last_successful_update_began"] = lastSuccessfulUpdateBegan
        container["last_data_point_received"] = lastDataPointReceived
        container["update_every_minutes"] = updateEveryMinutes
        container["blackout_start_hour"] = blackout?.start
        container["blackout_end_hour"] = blackout?.end
        container["notify_email"] = notifyEmail
        container["notify_webhook"] = notifyWebhook
        container["reconcile_without_view_all"] = reconcileWithoutViewAllData
        // `access_findings` is left out: only `updateConnectionAccess` writes it.
    }

    public mutating func didInsert(_ inserted: InsertionSuccess) { id = inserted.rowID }
}

extension TableSettings: FetchableRecord, PersistableRecord {
    public static var databaseTableName: String { "tributary_table_settings" }

    public init(row: Row) throws {
        self.init(
            connectionID: row["connection_id"], object: row["object"], table: row["table_name"], selected: row["selected"],
            method: try decodeEnum(row, "method"), replicationKey: row["replication_key"], skipReason: row["skip_reason"],
            recheckFrequency: try decodeEnum(row, "recheck_frequency"), lastFormulaRecheck: row["last_formula_recheck"],
            lastIDReconciliation: row["last_id_reconciliation"])
    }

    public func encode(to container: inout PersistenceContainer) throws {
        container["connection_id"] = connectionID
        container["object"] = object
        container["table_name"] = table
        container["selected"] = selected
        container["method"] = method.rawValue
        container["replication_key"] = replicationKey
        container["skip_reason"] = skipReason
        container["recheck_frequency"] = recheckFrequency.rawValue
        container["last_formula_recheck"] = lastFormulaRecheck
        container["last_id_reconciliation"] = lastIDReconciliation
    }
}

extension ColumnSettings: FetchableRecord, PersistableRecord {
    public static var databaseTableName: String { "tributary_column_settings" }

    public init(row: Row) throws {
        self.init(
            connectionID: row["connection_id"], table: row["table_name"], column: row["column_name"], selected: row["selected"],
            recheckFrequency: try decodeEnum(row, "recheck_frequency"), lastRecheck: row["last_recheck"])
    }

    public func encode(to container: inout PersistenceContainer) throws {
        container["connection_id"] = connectionID
        container["table_name"] = table
        container["column_name"] = column
        container["selected"] = selected
        container["recheck_frequency"] = recheckFrequency.rawValue
        container["last_recheck"] = lastRecheck
    }
}

extension CycleRecord: FetchableRecord, PersistableRecord {
    public static var databaseTableName: String { "tributary_cycles" }

    public init(row: Row) throws {
        self.init(
            id: row["id"], connectionID: row["connection_id"], startedAt: row["started_at"], endedAt: row["ended_at"],
            status: try decodeEnum(row, "status"), error: row["error"], apiCalls: row["api_calls"],
            objects: (row["objects"] as String?).map { $0.split(separator: ",").map(String.init) },
            owner: row["owner"], heartbeatAt: row["heartbeat_at"])
    }

    public func encode(to container: inout PersistenceContainer) throws {
        container["id"] = id
        container["connection_id"] = connectionID
        container["started_at"] = startedAt
        container["ended_at"] = endedAt
        container["status"] = status.rawValue
        container["error"] = error
        container["api_calls"] = apiCalls
        container["objects"] = objects?.joined(separator: ",")
        container["owner"] = owner
        container["heartbeat_at"] = heartbeatAt
    }
}

extension CycleTableRecord: FetchableRecord, PersistableRecord {
    public static var databaseTableName: String { "tributary_cycle_tables" }

    public init(row: Row) throws {
        self.init(
            cycleID: row["cycle_id"], table: row["table_name"], inserted: row["inserted"], updated: row["updated"],
            deleted: row["deleted"], apiCalls: row["api_calls"], startedAt: row["started_at"], endedAt: row["ended_at"],
            status: try decodeEnum(row, "status"), error: row["error"])
    }

    public func encode(to container: inout PersistenceContainer) throws {
        container["cycle_id"] = cycleID
        container["table_name"] = table
        container["inserted"] = inserted
        container["updated"] = updated
        container["deleted"] = deleted
        container["api_calls"] = apiCalls
        container["started_at"] = startedAt
        container["ended_at"] = endedAt
        container["status"] = status.rawValue
        container["error"] = error
    }
}
