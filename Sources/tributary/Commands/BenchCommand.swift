import ArgumentParser

/// `tributary bench …`: benchmarks that print figures (speed targets are checked here, not in
/// timed unit tests).
struct BenchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench",
        abstract: "Measure Tributary's speed and print the figures.",
        subcommands: [SandboxBench.self, SyncBench.self, QueryBench.self, APIBench.self, DashboardBench.self]
    )
}
