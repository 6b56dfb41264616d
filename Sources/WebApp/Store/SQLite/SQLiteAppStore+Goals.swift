import Analytics
import Foundation
import GRDB

extension SQLiteAppStore {
    func saveGoal(_ goal: Goal, by email: String) async throws -> Goal {
        let owners = StoredGoalOwners.text(goal.ownerIDs)
        return try await writer.write { db in
            var saved = goal
            if let id = goal.id {
                try db.execute(sql: """
                    UPDATE tributary_goals SET title = ?, metric = ?, period = ?, start = ?, target = ?, owner_ids = ? WHERE id = ?
                    """, arguments: [goal.title, goal.metric.rawValue, goal.period.rawValue, goal.start, goal.target, owners, id])
            } else {
                try db.execute(sql: """
                    INSERT INTO tributary_goals (title, metric, period, start, target, owner_ids, created_by, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                    """, arguments: [goal.title, goal.metric.rawValue, goal.period.rawValue, goal.start, goal.target, owners, email, Date().timeIntervalSince1970])
                saved.id = db.lastInsertedRowID
            }
            return saved
        }
    }

    func goals() async throws -> [Goal] {
        try await writer.read { db in
            try Row.fetchAll(db, sql: "SELECT id, title, metric, period, start, target, owner_ids FROM tributary_goals ORDER BY start DESC, id").compactMap { row in
                guard let metric = Goal.Metric(rawValue: row[2]), let period = Goal.Period(rawValue: row[3]) else { return nil }
                return Goal(id: row[0], title: row[1], metric: metric, period: period, start: row[4], target: row[5], ownerIDs: StoredGoalOwners.ids(row[6]))
            }
        }
    }

    func deleteGoal(id: Int64) async throws {
        try await writer.write { db in try db.execute(sql: "DELETE FROM tributary_goals WHERE id = ?", arguments: [id]) }
    }
}
