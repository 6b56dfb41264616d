import ArgumentParser

@main
struct Tributary: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tributary",
        abstract: "Salesforce to your own warehouse, with the analyses built in.",
        subcommands: [ServeCommand.self, DemoCommand.self, SandboxCommand.self, ConnectCommand.self, SyncCommand.self, WorkerCommand.self, StatusCommand.self, AnalyzeCommand.self, TablesCommand.self, MoveCommand.self, UsersCommand.self, APIKeysCommand.self, BenchCommand.self]
    )
}
