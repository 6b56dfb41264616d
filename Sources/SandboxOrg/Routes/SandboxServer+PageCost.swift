import Foundation
import NIOCore
import SOQL

/// What a REST page costs the server with no HTTP around it: the figure `bench sandbox` prints
/// beside the loopback timings, so speed work on the writer sees its own effect (loopback and
/// the client in the same process blur it).
public struct PageCost: Sendable {
    /// Median milliseconds for one core to make a page's records' values (no JSON).
    public var generateMs: Double
    /// Median milliseconds for one core to make and write the whole page.
    public var oneCoreMs: Double
    /// Median milliseconds for the page as the server writes it, in shares on every core.
    public var allCoresMs: Double
    public var cores: Int
}

extension SandboxServer {
    /// Times `pages` pages of `pageSize` records of `soql` (the first records of the result).
    public func pageCost(soql: String, pages: Int = 20, pageSize: Int = 2_000) throws -> PageCost {
        let snapshot = store.snapshot()
        let (bound, object) = try QueryEngine.bind(soql, snapshot: snapshot)
        let result = try QueryEngine.run(bound, object: object, snapshot: snapshot, includeDeleted: false, timeoutAbove: nil)
        let writer = QueryJSON(bound, catalog: snapshot.catalog, version: "62.0")
        let count = min(pageSize, result.indices.count)
        func median(_ work: () -> Void) -> Double {
            var times: [Double] = []
            for _ in 0..<max(1, pages) {
                let start = DispatchTime.now().uptimeNanoseconds
                work()
                times.append(Double(DispatchTime.now().uptimeNanoseconds - start) / 1e6)
            }
            return times.sorted()[times.count / 2]
        }
        var sink = 0
        let generate = median {
            for position in 0..<count { sink &+= result.row(at: position)?.values.count ?? 0 }
        }
        let oneCore = median { sink &+= Self.writeRecords(result, 0..<count, writer: writer, cores: 1).reduce(0) { $0 + $1.readableBytes } }
        let allCores = median { sink &+= Self.writeRecords(result, 0..<count, writer: writer).reduce(0) { $0 + $1.readableBytes } }
        precondition(sink != 0 || count == 0)
        return PageCost(generateMs: generate, oneCoreMs: oneCore, allCoresMs: allCores, cores: Self.pageCores)
    }
}
