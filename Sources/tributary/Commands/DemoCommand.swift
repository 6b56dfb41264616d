import ArgumentParser
import AsyncHTTPClient
import Foundation
import SalesforceKit
import SandboxOrg
import Sync
import Warehouse

/// `tributary demo`: a sandbox org and a warehouse, connected and kept in sync, so a new user
/// sees Tributary work with no Salesforce account.
struct DemoCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "demo",
        abstract: "Start a local sandbox org, connect it, and keep an SQLite warehouse in sync with it (Ctrl-C stops).")

    @Option(help: "Port of the sandbox org (0 picks a free one).") var port = 7777
    @Option(help: "Sandbox org scale (about 10,000 records per unit).") var scale = 1
    @Option(help: "Seconds between update cycles.") var every = 30
    @Option(help: "Changes per second made in the sandbox org between cycles.") var activity = 5.0
    @Option(help: "Directory for Tributary's files.") var dataDir = "data"

    func validate() throws {
        guard (0...65_535).contains(port) else { throw ValidationError("--port must be between 0 and 65535") }
        guard (1...1_000).contains(scale) else { throw ValidationError("--scale must be between 1 and 1000") }
        guard every >= 1 else { throw ValidationError("--every must be at least 1 second") }
        guard activity >= 0 else { throw ValidationError("--activity must not be negative") }
    }

    func run() async throws {
        var config = SandboxConfiguration()
        config.port = port
        config.scale = scale
        config.activityPerSecond = activity
        config.directory = dataDir + "/sandbox"
        let server = try SandboxServer(configuration: config)
        let (url, serving) = try await server.startInBackground()
        defer { serving.cancel() }
        say(SandboxBanner.text(server: server, url: url, preparedIn: 0))

        let data = try DataOptions.parse(["--data-dir", dataDir])
        try await withService(data) { service in
            let user = config.users[0]
            let record = try await service.connect(
                name: "Sandbox org", loginHost: try .localSandbox(url), clientID: config.clientID, clientSecret: config.clientSecret,
                credentials: .password(username: user.email, password: user.password))
            say("\nConnected 'Sandbox org' (\(record.organizationID ?? "?")); warehouse: \(data.warehouseDescription())")
            if (try? data.postgresURL()) != nil {
                say("Query it while it syncs, with psql in the warehouse's database: SELECT count(*) FROM sf_opportunity\n")
            } else {
                say("Query it while it syncs: sqlite3 \(data.warehousePath) 'SELECT count(*) FROM sf_opportunity'\n")
            }
            let progress = ProgressPrinter(live: isatty(STDOUT_FILENO) == 1)
            while !Task.isCancelled {
                let result = try await service.sync(record, options: SyncOptions()) { progress.show($0) }
                progress.finish()
                say(CycleSummary.render(result) + "\n")
                try await Task.sleep(for: .seconds(every))
            }
        }
    }
}
