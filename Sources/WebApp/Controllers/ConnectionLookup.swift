import Hummingbird
import Warehouse

/// The connection a route's `:id` names.
struct ConnectionLookup: Sendable {
    let warehouse: any Warehouse

    init(_ warehouse: any Warehouse) { self.warehouse = warehouse }

    func record(_ context: some RequestContext) async throws -> ConnectionRecord {
        guard let id = context.parameters.get("id", as: Int64.self),
              let record = try await warehouse.metadata.connection(id: id)
        else { throw HTTPError(.notFound, message: "No such connection.") }
        return record
    }
}
