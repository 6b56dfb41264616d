import Logging
import ServiceLifecycle

/// What `tributary serve` runs beside the HTTP server, as one service of its `ServiceGroup`:
/// the scheduler, the dashboard emails and the dashboard warmer. On a graceful shutdown
/// (SIGTERM, SIGINT) the loops end and every running cycle stops at its last committed batch,
/// recorded as interrupted, before the process exits; the next process resumes it at once.
public struct BackgroundService: Service {
    let app: WebApp
    let schedule: Bool

    public func run() async throws {
        await withDiscardingTaskGroup { group in
            if schedule {
                group.addTask { await cancelWhenGracefulShutdown { await app.runScheduler() } }
                group.addTask { await cancelWhenGracefulShutdown { await app.runDashboardMailer() } }
            }
            group.addTask { await cancelWhenGracefulShutdown { await app.runDashboardWarmer() } }
            // Waits for the shutdown, then stops the cycles (cancelled with the group, it stops them too).
            group.addTask {
                try? await gracefulShutdown()
                await app.runner.stopAll()
            }
        }
    }
}

extension WebApp {
    /// The background work of `serve` (`schedule` false: `--no-schedule`, no cycles or emails).
    public func backgroundService(schedule: Bool) -> BackgroundService {
        BackgroundService(app: self, schedule: schedule)
    }
}
