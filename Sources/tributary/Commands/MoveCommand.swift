import ArgumentParser
import Foundation
import Sync
import Warehouse
import WebApp

/// `tributary move`: from the embedded SQLite warehouse to PostgreSQL, keeping everything.
struct MoveCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "move",
        abstract: "Copy the SQLite warehouse in --data-dir (connections, settings, synced tables, checkpoints, and the web app's users, API keys, reports, dashboards and goals) to PostgreSQL.",
        discussion: """
            Afterwards run every command with --warehouse URL (or TRIBUTARY_WAREHOUSE): the next update cycle goes on \
            incrementally from where the SQLite warehouse stopped. Rows are upserted by id, so a move that stopped \
            halfway is run again (settings it had copied stay); once update cycles have run in PostgreSQL, a move \
            is refused, as it would put older rows over newer ones. The web app's state (users and their \
            sessions, API keys, saved reports, dashboards with their emails, goals) is copied with its ids unless the \
            PostgreSQL warehouse already has users. Stop \
            `tributary serve` first, so nothing changes the SQLite file while it is copied. Its data is left as it was.
            """)

    @Option(help: ArgumentHelp("The PostgreSQL warehouse to move to: postgres://USER[:PASSWORD]@HOST[:PORT]/DATABASE[?schema=NAME&sslmode=…].", valueName: "url"))
    var to: String
    @Option(help: "Directory that holds tributary.sqlite and the key for secrets (keep using it: the secrets stay sealed with that key).")
    var dataDir = "data"
    @Option(help: "Rows per load transaction.") var batchRows = 5_000

    func validate() throws {
        guard batchRows >= 1, batchRows <= 1_000_000 else { throw ValidationError("--batch-rows must be between 1 and 1000000") }
    }

    func run() async throws {
        let url = try DataOptions.postgresURL(to, option: "--to")
        let path = dataDir + "/tributary.sqlite"
        guard FileManager.default.fileExists(atPath: path) else {
            throw ValidationError("there is no SQLite warehouse at \(path) (--data-dir)")
        }
        let source = try SQLiteWarehouse(path: path)
        let target = try await DataOptions.connect(url)
        let started = Date()
        do {
            let report = try await WarehouseMove(from: source, to: target, batchRows: batchRows).run { say($0) }
            let rows = report.tables.reduce(0) { $0 + $1.rows }
            for (name, copied) in report.connections where !copied {
                say("connection \(name): already in the PostgreSQL warehouse (a move run again); settings it lacked were copied")
            }
            switch try await AppStore.sqlite(path: path).move(to: try await AppStore.postgres(target)) {
            case .copied(let counts):
                let names = ["tributary_users": "user(s)", "tributary_api_keys": "API key(s)", "tributary_reports": "report(s)",
                             "tributary_dashboards": "dashboard(s)", "tributary_goals": "goal(s)"]
                say("web app: " + names.sorted { $0.value < $1.value }.map { "\(counts[$0.key] ?? 0) \($0.value)" }.joined(separator: ", "))
            case .targetHadUsers:
                say("web app: the PostgreSQL warehouse already has users; its users, reports and dashboards were kept and none copied")
            }
            say(String(format: "moved %d connection(s), %d table(s), %d rows in %.1f s to %@", report.connections.count, report.tables.count,
                       rows, Date().timeIntervalSince(started), url.description))
            say("From now on give every command --warehouse with this URL (or set TRIBUTARY_WAREHOUSE), and --data-dir \(dataDir).")
        } catch let refused as WarehouseMove.Refused {
            await target.close()
            throw WarehouseOpenError(message: refused.description)
        } catch {
            await target.close()
            throw error
        }
        await target.close()
    }
}
