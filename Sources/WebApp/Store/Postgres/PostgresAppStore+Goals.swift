import Analytics
import Foundation
import PostgresNIO
import Warehouse

extension PostgresAppStore {
    func saveGoal(_ goal: Goal, by email: String) async throws -> Goal {
        let owners = StoredGoalOwners.text(goal.ownerIDs)
        var saved = goal
        if let id = goal.id {
            _ = try await rows("""
                UPDATE tributary_goals SET title = \(goal.title), metric = \(goal.metric.rawValue), period = \(goal.period.rawValue), start = \(goal.start),
                target = \(goal.target), owner_ids = \(owners) WHERE id = \(id)
                """)
        } else {
            saved.id = try await insertedID("""
                INSERT INTO tributary_goals (title, metric, period, start, target, owner_ids, created_by, created_at)
                VALUES (\(goal.title), \(goal.metric.rawValue), \(goal.period.rawValue), \(goal.start), \(goal.target), \(owners), \(email), \(Date())) RETURNING id
                """, of: "goal")
        }
        return saved
    }

    func goals() async throws -> [Goal] {
        try await rows("SELECT id, title, metric, period, start, target, owner_ids FROM tributary_goals ORDER BY start DESC, id").compactMap { row in
            guard let metric = Goal.Metric(rawValue: try row.value("metric")), let period = Goal.Period(rawValue: try row.value("period")) else { return nil }
            return Goal(id: try row.value("id"), title: try row.value("title"), metric: metric, period: period, start: try row.value("start"),
                        target: try row.value("target"), ownerIDs: StoredGoalOwners.ids(try row.value("owner_ids")))
        }
    }

    func deleteGoal(id: Int64) async throws {
        _ = try await rows("DELETE FROM tributary_goals WHERE id = \(id)")
    }
}
