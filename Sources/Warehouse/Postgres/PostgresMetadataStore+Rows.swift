import Foundation
import PostgresNIO

// Reading metadata records from PostgreSQL rows, kept apart from the store: the column names
// here are the storage detail (the same names as the SQLite file's).

extension PostgresRandomAccessRow {
    /// The column's value; throws when it does not decode as `T` (the web app's store reads its rows this way too).
    public func value<T: PostgresDecodable>(_ column: String, as type: T.Type = T.self) throws -> T {
        try self[column].decode(T.self)
    }

    /// A String-backed enum, failing loudly on a value this build does not know.
    func enumValue<E: RawRepresentable>(_ column: String) throws -> E where E.RawValue == String {
        let raw: String = try value(column)
        guard let value = E(rawValue: raw) else { throw WarehouseError.database("unknown \(column) value \(raw)") }
        return value
    }
}

extension ConnectionRecord {
    static let postgresColumns = """
        id, name, kind, login_url, instance_url, organization_id, username, auth_kind, client_id, secrets_ciphertext, status,
        last_error, api_share, created_at, last_successful_update_began, last_data_point_received, update_every_minutes,
        blackout_start_hour, blackout_end_hour, notify_email, notify_webhook, access_findings, reconcile_without_view_all
        """

    init(postgres row: PostgresRandomAccessRow) throws {
        let start: Int? = try row.value("blackout_start_hour")
        let end: Int? = try row.value("blackout_end_hour")
        self.init(
            id: try row.value("id"), name: try row.value("name"), kind: try row.value("kind"), loginURL: try row.value("login_url"),
            instanceURL: try row.value("instance_url"), organizationID: try row.value("organization_id"), username: try row.value("username"),
            authKind: try row.enumValue("auth_kind"), clientID: try row.value("client_id"), secretsCiphertext: try row.value("secrets_ciphertext"),
            status: try row.enumValue("status"), lastError: try row.value("last_error"), apiShare: try row.value("api_share"),
            createdAt: try row.value("created_at"), lastSuccessfulUpdateBegan: try row.value("last_successful_update_began"),
            lastDataPointReceived: try row.value("last_data_point_received"), updateEveryMinutes: try row.value("update_every_minutes"),
            blackout: start.flatMap { start in end.flatMap { BlackoutHours(start: start, end: $0) } },
            notifyEmail: try row.value("notify_email"), notifyWebhook: try row.value("notify_webhook"),
            access: AccessFindings(storedText: try row.value("access_findings")),
            reconcileWithoutViewAllData: try row.value("reconcile_without_view_all"))
    }
}

extension TableSettings {
    init(postgres row: PostgresRandomAccessRow) throws {
        self.init(
            connectionID: try row.value("connection_id"), object: try row.value("object"), table: try row.value("table_name"),
            selected: try row.value("selected"), method: try row.enumValue("method"), replicationKey: try row.value("replication_key"),
            skipReason: try row.value("skip_reason"), recheckFrequency: try row.enumValue("recheck_frequency"),
            lastFormulaRecheck: try row.value("last_formula_recheck"), lastIDReconciliation: try row.value("last_id_reconciliation"))
    }
}

extension ColumnSettings {
    init(postgres row: PostgresRandomAccessRow) throws {
        self.init(
            connectionID: try row.value("connection_id"), table: try row.value("table_name"), column: try row.value("column_name"),
            selected: try row.value("selected"), recheckFrequency: try row.enumValue("recheck_frequency"), lastRecheck: try row.value("last_recheck"))
    }
}

extension CycleRecord {
    init(postgres row: PostgresRandomAccessRow) throws {
        let objects: String? = try row.value("objects")
        self.init(
            id: try row.value("id"), connectionID: try row.value("connection_id"), startedAt: try row.value("started_at"),
            endedAt: try row.value("ended_at"), status: try row.enumValue("status"), error: try row.value("error"),
            apiCalls: try row.value("api_calls"), objects: objects.map { $0.split(separator: ",").map(String.init) },
            owner: try row.value("owner"), heartbeatAt: try row.value("heartbeat_at"))
    }
}

extension CycleTableRecord {
    init(postgres row: PostgresRandomAccessRow) throws {
        self.init(
            cycleID: try row.value("cycle_id"), table: try row.value("table_name"), inserted: try row.value("inserted"),
            updated: try row.value("updated"), deleted: try row.value("deleted"), apiCalls: try row.value("api_calls"),
            startedAt: try row.value("started_at"), endedAt: try row.value("ended_at"), status: try row.enumValue("status"),
            error: try row.value("error"))
    }
}
