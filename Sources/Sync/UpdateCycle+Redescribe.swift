import Foundation
import SalesforceKit
import Warehouse

extension UpdateCycle {
    /// Tables whose read the org refused with `INVALID_FIELD` or `INVALID_TYPE` were planned
    /// from a describe that no longer holds: a field was hidden by field-level security or
    /// deleted, and describe's `Last-Modified` need not move for that, so the schema cache kept
    /// answering for it. Their cached describes are forgotten, read again, and the tables synced
    /// again in this cycle (once): the hidden column stays, with its values, and the cycle ends
    /// succeeded instead of failing the same way every time.
    func redescribed(_ tables: [TableResult], _ structureSync: StructureSync, cycleID: Int64, budget: APIBudget) async throws
        -> ([TableResult], SyncStop?, Int)
    {
        let stale = tables.filter { $0.describeStale == true }
        guard !stale.isEmpty else { return (tables, nil, 0) }
        let objects = stale.map(\.object)
        if var cache = try await SchemaCache.load(warehouse.metadata, connectionID: connectionID) {
            for object in objects { cache.describes[object] = nil }
            try await cache.save(warehouse.metadata, connectionID: connectionID)
        }
        var again = structureSync
        again.options.objects = objects
        let structure = try await again.run()
        if let previous = try await warehouse.metadata.connection(id: connectionID)?.access {
            try await recordAccess(structure, viewAllData: previous.viewAllData, previous: previous)
        }
        let plans = try await probed(structure.plans, budget: budget)
        let (retried, stop, calls) = try await syncTables(plans, cycleID: cycleID, budget: budget)
        let redone = Set(retried.map(\.table))
        return (tables.filter { !redone.contains($0.table) } + retried, stop, calls)
    }
}
