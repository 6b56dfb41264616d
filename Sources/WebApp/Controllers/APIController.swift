import Foundation
import HTTPTypes
import Hummingbird
import NIOCore
import Sync
import Warehouse

/// The JSON API for scripts and monitoring, under `/api/v1`, authenticated by an API key
/// (`Authorization: Bearer trb_…`). Reads also accept a signed-in browser session (the pages
/// poll the progress route); changes need a key, so no cookie can make them.
struct APIController: RouteController {
    let service: ConnectionService
    let manager: WarehouseManager
    let runner: CycleRunner
    let results: ResultCache

    func addRoutes(to groups: RouteGroups) {
        // Readable by everyone: it describes the routes, it holds no data.
        groups.open.get("/api/v1/openapi.json") { _, _ -> Response in
            Response(status: .ok, headers: [.contentType: "application/json"], body: .init(byteBuffer: ByteBuffer(bytes: try OpenAPIDocument.json())))
        }

        groups.apiReaders.get("/api/v1/connections") { request, context -> Response in
            var out: [ConnectionSummary] = []
            for record in try await self.service.warehouse.metadata.connections() { out.append(try await self.runner.summary(record)) }
            return try WebApp.json(out)
        }

        groups.apiReaders.get("/api/v1/connections/:id") { request, context -> Response in
            return try WebApp.json(try await self.runner.summary(try await ConnectionLookup(self.service.warehouse).record(context)))
        }

        // The update-cycle status: the last completed whole cycle's start, end and status.
        groups.apiReaders.get("/api/v1/connections/:id/cycles/latest") { request, context -> Response in
            let record = try await ConnectionLookup(self.service.warehouse).record(context)
            let cycles = try await self.service.warehouse.metadata.latestCycles(connectionID: record.id ?? 0, limit: 50)
            guard let last = cycles.first(where: { $0.objects == nil && $0.status != .running }) else {
                throw HTTPError(.notFound, message: "\(record.name) has not completed an update cycle yet.")
            }
            return try WebApp.json(CycleSummary(last, running: try await self.runner.isRunning(record.id ?? 0)))
        }

        groups.apiReaders.get("/api/v1/connections/:id/progress") { request, context -> Response in
            let record = try await ConnectionLookup(self.service.warehouse).record(context)
            return try WebApp.json(ProgressSummary(running: self.runner.progress(record.id ?? 0)))
        }

        groups.apiWriters.post("/api/v1/connections/:id/sync") { request, context -> Response in
            let record = try await ConnectionLookup(self.service.warehouse).record(context)
            guard try await self.runner.startUnlessRunningElsewhere(record) else { return try WebApp.json(Message(message: "An update cycle of \(record.name) is running already."), status: .conflict) }
            return try WebApp.json(Message(message: "Update cycle of \(record.name) started."), status: .accepted)
        }

        groups.apiWriters.post("/api/v1/connections/:id/check") { request, context -> Response in
            let record = try await ConnectionLookup(self.service.warehouse).record(context)
            var options = SyncOptions()
            options.structureOnly = true
            guard try await self.runner.startUnlessRunningElsewhere(record, options: options) else { return try WebApp.json(Message(message: "An update cycle is running; it checks for new tables and columns itself."), status: .conflict) }
            return try WebApp.json(Message(message: "Checking \(record.name) for new tables and columns."), status: .accepted)
        }

        groups.apiReaders.get("/api/v1/connections/:id/tables") { request, context -> Response in
            let record = try await ConnectionLookup(self.service.warehouse).record(context)
            return try WebApp.json(try await self.manager.tables(connectionID: record.id ?? 0))
        }

        groups.apiReaders.get("/api/v1/connections/:id/tables/:table") { request, context -> Response in
            let record = try await ConnectionLookup(self.service.warehouse).record(context)
            return try WebApp.json(try await self.manager.detail(record.id ?? 0, context.parameters.get("table") ?? ""))
        }

        // Body: a TableChange. `?confirm=true` allows removals; without it a removal answers 409
        // with what depends on the columns. `?sync=true` then syncs the table at once.
        groups.apiWriters.post("/api/v1/connections/:id/tables/:table") { request, context -> Response in
            let record = try await ConnectionLookup(self.service.warehouse).record(context)
            let table = context.parameters.get("table") ?? ""
            let body = try await request.body.collect(upTo: 256 * 1024)
            let change: TableChange
            do { change = try JSONDecoder().decode(TableChange.self, from: Data(body.readableBytesView)) } catch {
                throw HTTPError(.badRequest, message: "The body must be a JSON table change such as {\"method\": \"modifiedAt\", \"columns\": {\"name\": true}}: \(error)")
            }
            let query = request.uri.queryParameters
            let outcome: SaveOutcome
            do {
                outcome = try await self.manager.save(connectionID: record.id ?? 0, table: table, change: change, confirmed: query.get("confirm") == "true")
            } catch let error as ManagerError {
                throw HTTPError(.badRequest, message: error.description)
            }
            // As on the page: a removed table or column changes what the dashboards may read.
            if outcome.saved { await self.results.clear() }
            if outcome.saved, query.get("sync") == "true" {
                let detail = try await self.manager.detail(record.id ?? 0, table)
                self.runner.startTables(record, objects: [detail.table.settings.object])
            }
            return try WebApp.json(outcome, status: outcome.saved ? .ok : .conflict)
        }

        groups.metricsReaders.get("/metrics") { request, context -> Response in
            return Response(status: .ok, headers: [.contentType: "text/plain; version=0.0.4; charset=utf-8"],
                            body: .init(byteBuffer: ByteBuffer(bytes: self.runner.metrics.exposition())))
        }
    }
}

extension CycleRunner {
    /// A connection as the API shows it.
    func summary(_ stored: ConnectionRecord) async throws -> ConnectionSummary {
        let record = shown(stored)
        let running = try await isRunning(record.id ?? 0)
        return ConnectionSummary(id: record.id ?? 0, name: record.name, status: running ? "syncing" : record.status.rawValue,
                          lastSuccessfulUpdateBegan: record.lastSuccessfulUpdateBegan, lastDataPointReceived: record.lastDataPointReceived,
                          updateEveryMinutes: record.updateEveryMinutes, lastError: record.lastError)
    }
}

struct Message: Codable { var message: String }

struct ConnectionSummary: Codable {
    var id: Int64
    var name: String
    var status: String
    var lastSuccessfulUpdateBegan: Date?
    var lastDataPointReceived: Date?
    var updateEveryMinutes: Int
    var lastError: String?
}

struct CycleSummary: Codable {
    var id: Int64
    var startedAt: Date
    var endedAt: Date?
    var status: String
    var apiCalls: Int
    var error: String?
    /// Whether another cycle is running now.
    var running: Bool

    init(_ cycle: CycleRecord, running: Bool) {
        id = cycle.id
        startedAt = cycle.startedAt
        endedAt = cycle.endedAt
        status = cycle.status.rawValue
        apiCalls = cycle.apiCalls
        error = cycle.error
        self.running = running
    }
}

struct ProgressSummary: Codable {
    var running: Bool
    var startedAt: Date?
    var tablesPlanned: Int?
    var tablesDone: Int
    var rows: Int
    var apiCallsUsed: Int?
    var apiCallsAllowed: Int?
    var tables: [CycleProgress.Table]

    init(running progress: CycleProgress?) {
        running = progress != nil
        startedAt = progress?.startedAt
        tablesPlanned = progress?.tablesPlanned
        tablesDone = progress?.tables.values.filter { $0.status != "running" }.count ?? 0
        rows = progress?.rows ?? 0
        apiCallsUsed = progress?.apiCallsUsed
        apiCallsAllowed = progress?.apiCallsAllowed
        tables = (progress?.tables.values.map { $0 } ?? []).sorted { $0.table < $1.table }
    }
}
