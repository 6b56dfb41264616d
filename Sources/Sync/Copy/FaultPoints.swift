import Synchronization

/// Seeded stops inside a table's copy, for tests that prove a copy stopped at any step resumes
/// exact: the executor reaches a point before each checkpoint save and before each batch's
/// write, and the warehouse's transaction can be made to fail too. Production leaves it nil.
public final class FaultPoints: Sendable {
    public enum Point: String, Sendable, CaseIterable {
        /// A batch was read and is about to be written with its checkpoint.
        case beforeLoad
        /// A new position (a job, the next page or piece) is about to be saved.
        case beforeSave
    }

    /// The process "dies" here: the copy stops as a killed process would, nothing after it runs.
    public struct Stopped: Error, Sendable, Equatable {
        public let point: Point
        public let reached: Int
    }

    private let plan: Mutex<(stopAt: Int, reached: Int, points: Set<Point>)>

    /// Stops at the `stopAt`-th point reached (1-based) among `points`.
    public init(stopAt: Int, points: Set<Point> = Set(Point.allCases)) {
        plan = Mutex((stopAt, 0, points))
    }

    /// How many points were reached so far.
    public var reached: Int { plan.withLock { $0.reached } }

    func reach(_ point: Point) throws {
        let stop = plan.withLock { state -> Int? in
            guard state.points.contains(point) else { return nil }
            state.reached += 1
            return state.reached == state.stopAt ? state.reached : nil
        }
        if let stop { throw Stopped(point: point, reached: stop) }
    }
}
