import Foundation
import GRDB

/// Saved dashboards, in the app's own tables; widgets as a JSON array of their keys.
extension UserStore {
    func saveDashboard(_ dashboard: Dashboard) async throws -> Dashboard {
        let widgets = String(decoding: try JSONEncoder().encode(dashboard.widgets.map(\.key)), as: UTF8.self)
        return try await writer.write { db in
            var saved = dashboard
            if let id = Int64(dashboard.key) {
                try db.execute(sql: "UPDATE tributary_dashboards SET title = ?, widgets = ?, shared = ?, updated_at = ? WHERE id = ?",
                               arguments: [dashboard.title, widgets, dashboard.shared, Date().timeIntervalSince1970, id])
            } else {
                try db.execute(sql: """
                    INSERT INTO tributary_dashboards (title, widgets, shared, owner_id, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?)
                    """, arguments: [dashboard.title, widgets, dashboard.shared, dashboard.ownerID, Date().timeIntervalSince1970, Date().timeIntervalSince1970])
                saved.key = String(db.lastInsertedRowID)
            }
            return saved
        }
    }

    func dashboards() async throws -> [Dashboard] {
        try await writer.read { db in
            try Row.fetchAll(db, sql: """
                SELECT d.id, d.title, d.widgets, d.shared, d.owner_id, u.email FROM tributary_dashboards d
                LEFT JOIN tributary_users u ON u.id = d.owner_id ORDER BY d.title, d.id
                """).map { row in
                let keys = (try? JSONDecoder().decode([String].self, from: Data((row[2] as String).utf8))) ?? []
                return Dashboard(key: String(row[0] as Int64), title: row[1], widgets: keys.compactMap(Dashboard.Widget.init(key:)),
                                 ownerID: row[4], ownerEmail: row[5], shared: row[3])
            }
        }
    }

    func deleteDashboard(id: Int64) async throws {
        try await writer.write { db in try db.execute(sql: "DELETE FROM tributary_dashboards WHERE id = ?", arguments: [id]) }
    }
}
