import ArgumentParser

@main
struct Tributary: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tributary",
        abstract: "Salesforce to your own warehouse, with the analyses built in.",
        subcommands: [ServeCommand.self, DemoCommand.self, SandboxCommand.self, ConnectCommand.self, SyncCommand.self, WorkerCommand.self, StatusCommand.self, AnalyzeCommand.self, TablesCommand.self, MoveCommand.self, UsersCommand.self, APIKeysCommand.self, BenchCommand.self]
    )

    /// ArgumentParser's own entry, after the allocator is tuned (before any thread allocates).
    static func main() async {
        MallocTuning.apply()
        do {
            var command = try parseAsRoot()
            if var command = command as? any AsyncParsableCommand {
                try await command.run()
            } else {
                try command.run()
            }
        } catch {
            exit(withError: error)
        }
    }
}
