import ArgumentParser
import Foundation
import Sync
import Warehouse

/// `tributary worker`: runs the table jobs that update cycles (`sync`, `serve`) queue in the
/// PostgreSQL warehouse. Workers share the metadata there; they need the same secret key as the
/// process that connected the org (`TRIBUTARY_SECRET_KEY`, or the same key file in --data-dir).
struct WorkerCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "worker", abstract: "Run table jobs of update cycles from the PostgreSQL work queue, until stopped.")

    @Option(help: "Jobs run at once.") var concurrency = 2
    @Option(help: "Seconds a job's lease lasts without a heartbeat; a dead worker's job goes to another after this.") var leaseSeconds = 30
    @OptionGroup var data: DataOptions

    func validate() throws {
        guard (1...32).contains(concurrency) else { throw ValidationError("--concurrency must be between 1 and 32") }
        guard (3...3_600).contains(leaseSeconds) else { throw ValidationError("--lease-seconds must be between 3 and 3600") }
        guard try data.postgresURL() != nil else {
            throw ValidationError("workers share their jobs through PostgreSQL: pass --warehouse postgres://… (or set TRIBUTARY_WAREHOUSE)")
        }
    }

    func run() async throws {
        try await withService(data) { service in
            let worker = Worker(service: service, concurrency: concurrency, leaseSeconds: Double(leaseSeconds), log: { say($0) })
            say("\(worker.id) takes jobs from \(data.warehouseDescription())")
            try await worker.run()
        }
    }
}
