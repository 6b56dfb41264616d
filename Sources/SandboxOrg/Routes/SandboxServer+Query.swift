import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdCore
import Logging
import NIOCore
import SOQL

/// `/query` and `/queryAll`, with `nextRecordsUrl` paging and `Sforce-Query-Options: batchSize`.
extension SandboxServer {
    func query(_ request: APIRequest, all: Bool, locator: String?, user: Int) throws -> Response {
        guard request.method == .get else { throw methodNotAllowed(request, allowed: "GET") }
        let version = request.version
        if let locator {
            // `01g…-2000`: the cursor and how many records came before this page.
            let parts = locator.split(separator: "-", maxSplits: 1)
            guard parts.count == 2, let offset = Int(parts[1]), offset >= 0,
                let cursor = cursors.find(String(parts[0]), user: user, now: store.clock()), offset <= cursor.result.indices.count
            else { throw SalesforceFault(status: 400, "INVALID_QUERY_LOCATOR", "invalid query locator") }
            return page(cursor.result, from: offset, batchSize: cursor.batchSize, cursorID: String(parts[0]), user: user, version: version, resource: all ? "queryAll" : "query")
        }
        guard let soql = request.query["q"], !soql.trimmingCharacters(in: .whitespaces).isEmpty else {
            throw SalesforceFault(status: 400, "MALFORMED_QUERY", "A query string has to be specified")
        }
        let snapshot = store.snapshot()
        let (bound, object) = try QueryEngine.bind(soql, snapshot: snapshot)
        let timeout = faults.peek(.queryTimeout, path: request.path)
        let result: QueryResult
        do {
            result = try QueryEngine.run(bound, object: object, snapshot: snapshot, includeDeleted: all, timeoutAbove: timeout?.maxRecords)
        } catch let fault where fault == .queryTimeout {
            _ = faults.take(.queryTimeout, path: request.path)
            throw fault
        }
        if bound.isCount {
            return Reply.json(.object([("totalSize", .int(Int64(result.matched))), ("done", true), ("records", .array([]))]))
        }
        if bound.isAggregate {
            return Reply.json(.object([("totalSize", 1), ("done", true), ("records", .array([.raw(QueryJSON.aggregateRow(bound, results: result.aggregates()))]))]))
        }
        return page(result, from: 0, batchSize: batchSize(request), cursorID: nil, user: user, version: version, resource: all ? "queryAll" : "query")
    }

    /// `Sforce-Query-Options: batchSize=N`: a hint between 200 and 2000 (default 2000).
    private func batchSize(_ request: APIRequest) -> Int {
        guard let options = request.headers[.sforceQueryOptions] else { return 2_000 }
        for part in options.split(separator: ",") {
            let kv = part.split(separator: "=").map { $0.trimmingCharacters(in: .whitespaces) }
            if kv.count == 2, kv[0].lowercased() == "batchsize", let n = Int(kv[1]) { return min(2_000, max(200, n)) }
        }
        return 2_000
    }

    /// How much of a REST page is written before it is moved into the response buffer.
    static let pageFlushBytes = 1 << 18

    private func page(_ result: QueryResult, from offset: Int, batchSize: Int, cursorID: String?, user: Int, version: String, resource: String) -> Response {
        let end = min(result.indices.count, offset + batchSize)
        let writer = QueryJSON(result.bound, catalog: result.snapshot.catalog, version: version)
        // Records are written into a small scratch array that is flushed into the response's
        // buffer every 256 KB: building the 2 MB page as an array and copying it into a
        // ByteBuffer at the end cost a copy plus page faults on two fresh allocations.
        var out: [UInt8] = []
        out.reserveCapacity(Self.pageFlushBytes + 4096)
        var page = ByteBuffer()
        out.append(contentsOf: "{\"totalSize\":\(result.indices.count),\"done\":\(end >= result.indices.count)".utf8)
        if end < result.indices.count {
            let id = cursorID ?? cursors.open(result, user: user, batchSize: batchSize, now: store.clock())
            out.append(contentsOf: ",\"nextRecordsUrl\":\"/services/data/v\(version)/\(resource)/\(id)-\(end)\"".utf8)
        }
        out.append(contentsOf: ",\"records\":[".utf8)
        var first = true
        for position in offset..<end {
            guard let row = result.row(at: position) else { continue }
            if !first { out.append(UInt8(ascii: ",")) }
            let before = out.count
            writer.write(row, into: &out)
            if first {
                // Size the page from its first record, a quarter more per record for wider ones.
                let size = out.count - before
                page.reserveCapacity(out.count + (size + size / 4 + 16) * (end - position))
            }
            first = false
            if out.count >= Self.pageFlushBytes {
                page.writeBytes(out)
                out.removeAll(keepingCapacity: true)
            }
        }
        out.append(contentsOf: "]}".utf8)
        page.writeBytes(out)
        return Reply.buffer(page, contentType: Reply.jsonType)
    }
}
