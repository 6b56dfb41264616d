import Foundation
import Hummingbird
import NIOCore
import Sync
import Warehouse

/// For load balancers and orchestrators: `/healthz` says the process answers (liveness: restart
/// it when this fails); `/readyz` says it can serve (readiness: send it traffic): the warehouse,
/// its metadata (migrations are applied when it opens) and the web app's store each answer a query
/// within a few seconds. Neither needs a session nor shows data: a failure names the part that
/// did not answer, not its error text.
struct HealthController: RouteController {
    let warehouse: any Warehouse
    let store: AppStore

    /// How long each readiness check may take before it counts as not answering.
    static let readinessTimeout: Duration = .seconds(5)

    struct Readiness: Encodable {
        var ready: Bool
        /// Part → "ok", or why it is not.
        var checks: [String: String]
    }

    func addRoutes(to groups: RouteGroups) {
        groups.open.get("healthz") { _, _ -> Response in
            Response(status: .ok, headers: [.contentType: "text/plain; charset=utf-8", .cacheControl: "no-store"],
                     body: .init(byteBuffer: ByteBuffer(string: "ok\n")))
        }

        groups.open.get("readyz") { _, _ -> Response in
            let readiness = await self.readiness()
            var response = try WebApp.json(readiness, status: readiness.ready ? .ok : .serviceUnavailable)
            response.headers[.cacheControl] = "no-store"
            return response
        }
    }

    func readiness() async -> Readiness {
        let (warehouse, store) = (self.warehouse, self.store)
        let checks: [(String, @Sendable () async throws -> Void)] = [
            ("warehouse", { _ = try await warehouse.tableNames() }),
            ("metadata", { _ = try await warehouse.metadata.connections() }),
            ("store", { try await store.check() }),
        ]
        var results: [String: String] = [:]
        for (name, check) in checks {
            results[name] = await Self.answers(within: Self.readinessTimeout, check)
        }
        return Readiness(ready: results.values.allSatisfy { $0 == "ok" }, checks: results)
    }

    /// "ok" when `check` returns in time; else what happened, without the error's text.
    static func answers(within limit: Duration, _ check: @escaping @Sendable () async throws -> Void) async -> String {
        await withTaskGroup(of: String.self) { group in
            group.addTask {
                do {
                    try await check()
                    return "ok"
                } catch {
                    return "failed"
                }
            }
            group.addTask {
                try? await Task.sleep(for: limit)
                return "no answer within \(limit)"
            }
            let first = await group.next() ?? "failed"
            group.cancelAll()
            return first
        }
    }
}
