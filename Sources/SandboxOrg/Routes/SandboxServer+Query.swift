import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdCore
import Logging
import NIOCore
import SOQL
import Synchronization

/// `/query` and `/queryAll`, with `nextRecordsUrl` paging and `Sforce-Query-Options: batchSize`.
extension SandboxServer {
    func query(_ request: APIRequest, all: Bool, locator: String?, user: Int) throws -> Response {
        guard request.method == .get else { throw methodNotAllowed(request, allowed: "GET") }
        let version = request.version
        if let locator { return try resume(request, locator: locator, all: all, user: user) }
        guard let soql = request.query["q"], !soql.trimmingCharacters(in: .whitespaces).isEmpty else {
            throw SalesforceFault(status: 400, "MALFORMED_QUERY", "A query string has to be specified")
        }
        let snapshot = store.snapshot()
        let access = self.access.access(of: user)
        let (bound, object) = try QueryEngine.bind(soql, snapshot: snapshot, access: access)
        let timeout = faults.peek(.queryTimeout, path: request.path)
        let result: QueryResult
        do {
            result = try QueryEngine.run(
                bound, object: object, snapshot: snapshot, includeDeleted: all, timeoutAbove: timeout?.maxRecords,
                visibility: RecordVisibility.of(object: object, catalog: snapshot.catalog, user: user, access: access))
        } catch {
            // The fault is used up only when it fires.
            if error == .queryTimeout { _ = faults.take(.queryTimeout, path: request.path) }
            throw error
        }
        if bound.isCount {
            return Reply.json(.object([("totalSize", .int(Int64(result.matched))), ("done", true), ("records", .array([]))]))
        }
        if bound.isAggregate {
            return Reply.json(.object([("totalSize", 1), ("done", true), ("records", .array([.raw(QueryJSON.aggregateRow(bound, results: result.aggregates()))]))]))
        }
        return page(result, from: 0, batchSize: batchSize(request), cursorID: nil, user: user, session: bearerToken(request) ?? "", version: version, resource: all ? "queryAll" : "query")
    }

    static let invalidLocator = SalesforceFault(status: 400, "INVALID_QUERY_LOCATOR", "invalid query locator")

    /// The next page of an open cursor: `01g…-2000` is the cursor and how many records came
    /// before this page.
    private func resume(_ request: APIRequest, locator: String, all: Bool, user: Int) throws -> Response {
        let parts = locator.split(separator: "-", maxSplits: 1)
        guard parts.count == 2, let offset = Int(parts[1]), offset >= 0 else { throw Self.invalidLocator }
        let lookup = cursors.find(
            String(parts[0]), user: user, session: bearerToken(request) ?? "", bindToSession: configuration.sessionBoundCursors, now: store.clock())
        switch lookup {
        case .missing:
            throw Self.invalidLocator
        case .otherSession:
            // Another session cannot resume a locator: Salesforce answers as if the session were
            // invalid (airbyte#84302), so the client must restart the query, not just re-login.
            throw SalesforceFault.invalidSession
        case .found(let cursor):
            guard offset <= cursor.result.indices.count else { throw Self.invalidLocator }
            return page(
                cursor.result, from: offset, batchSize: cursor.batchSize, cursorID: String(parts[0]), user: user, session: "",
                version: request.version, resource: all ? "queryAll" : "query")
        }
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

    /// Cores a page is written on.
    static let pageCores = min(ProcessInfo.processInfo.activeProcessorCount, 8)

    /// Records per share of a page; below twice this, one core writes it.
    static let recordsPerShare = 250
    /// Shares per core: a core that starts late (busy, or its thread asleep) leaves its shares
    /// to the others instead of holding the page up by a whole core's half.
    static let sharesPerCore = 4

    private func page(_ result: QueryResult, from offset: Int, batchSize: Int, cursorID: String?, user: Int, session: String, version: String, resource: String) -> Response {
        let end = min(result.indices.count, offset + batchSize)
        var head: [UInt8] = Array("{\"totalSize\":\(result.indices.count),\"done\":\(end >= result.indices.count)".utf8)
        if end < result.indices.count {
            let id = cursorID ?? cursors.open(result, user: user, session: session, batchSize: batchSize, now: store.clock())
            head.append(contentsOf: ",\"nextRecordsUrl\":\"/services/data/v\(version)/\(resource)/\(id)-\(end)\"".utf8)
        }
        head.append(contentsOf: ",\"records\":[".utf8)
        let shares = Self.writeRecords(result, offset..<end, writer: QueryJSON(result.bound, catalog: result.snapshot.catalog, version: version))
        // The shares go out as they are, one after the other: joining them would copy the page again.
        var parts = [ByteBuffer(bytes: head)]
        for share in shares where share.readableBytes > 0 {
            if parts.count > 1 { parts.append(ByteBuffer(integer: UInt8(ascii: ","))) }
            parts.append(share)
        }
        parts.append(ByteBuffer(bytes: Array("]}".utf8)))
        let buffers = parts
        let body = ResponseBody(contentLength: buffers.reduce(0) { $0 + $1.readableBytes }) { writer in
            for part in buffers { try await writer.write(part) }
            try await writer.finish(nil)
            BytePools.recycle(buffers)
        }
        return Response(status: .ok, headers: [.contentType: Reply.jsonType], body: body)
    }

    /// The records of `range`, comma-separated, in consecutive shares written on all cores at
    /// once: a page of 2,000 wide records is about 10 ms of one core's work (making each record's
    /// values and writing them), and a client waits for the whole page before it reads on.
    static func writeRecords(_ result: QueryResult, _ range: Range<Int>, writer: QueryJSON, cores: Int = pageCores) -> [ByteBuffer] {
        let count = cores <= 1 ? 1 : max(1, min(cores * sharesPerCore, range.count / recordsPerShare))
        let size = (range.count + count - 1) / count
        // One lock per share, taken once: each share hands over its bytes when it is written.
        let shares = Mutex([ByteBuffer](repeating: ByteBuffer(), count: count))
        DispatchQueue.concurrentPerform(iterations: count) { share in
            let lower = range.lowerBound + share * size
            let upper = min(range.upperBound, lower + size)
            var out = ByteSink(capacity: 0, pooled: true)
            var first = true
            for position in lower..<max(lower, upper) {
                guard let row = result.row(at: position) else { continue }
                if first {
                    // Size the share from its first record, a quarter more per record for wider ones.
                    writer.write(row, into: &out)
                    out.reserve((out.count + out.count / 4 + 16) * (upper - position))
                    first = false
                    continue
                }
                out.put(UInt8(ascii: ","))
                writer.write(row, into: &out)
            }
            // An empty share (its records gone since the query) takes no kept buffer.
            var bytes = out.count == 0 ? ByteBuffer() : BytePools.buffer(capacity: out.count)
            bytes.writeBytes(out.bytes)
            shares.withLock { $0[share] = bytes }
        }
        return shares.withLock { $0 }
    }
}
