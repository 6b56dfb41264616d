import Analytics
import Foundation

/// Where the goals admins set are kept.
public protocol GoalStore: Sendable {
    /// Inserts a goal without an id, or replaces the one with its id; returns it with its id.
    func saveGoal(_ goal: Goal, by email: String) async throws -> Goal
    /// Every goal, latest start first.
    func goals() async throws -> [Goal]
    func deleteGoal(id: Int64) async throws
}

/// A goal's owners as stored: Salesforce user ids joined by commas.
enum StoredGoalOwners {
    static func text(_ ids: [String]) -> String { ids.joined(separator: ",") }
    static func ids(_ text: String) -> [String] { text.split(separator: ",").map(String.init) }
}
