import ArgumentParser
import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1
import SandboxOrg

/// `tributary bench sandbox`: how fast the sandbox org serves records through REST and Bulk 2.0,
/// measured over HTTP on loopback with the server in this process.
struct SandboxBench: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sandbox",
        abstract: "Measure how fast the sandbox org serves records (REST pages and Bulk 2.0 CSV)."
    )

    @Option(help: "Scale of the org to serve.") var scale = 10
    @Option(help: "Object to read.") var object = "Task"
    @Option(help: "REST pages to time.") var restPages = 20
    @Option(help: "Rows per Bulk 2.0 results page.") var maxRecords = 100_000
    @Option(help: "Directory for the sandbox's files.") var dataDir = "data"

    func validate() throws {
        guard scale >= 1, scale <= 10_000 else { throw ValidationError("--scale must be between 1 and 10000") }
        guard restPages >= 1 else { throw ValidationError("--rest-pages must be at least 1") }
        guard maxRecords >= 1 else { throw ValidationError("--max-records must be at least 1") }
    }

    func run() async throws {
        var config = SandboxConfiguration()
        config.port = 0
        config.scale = scale
        config.directory = dataDir + "/sandbox"
        let built = Date()
        let server = try SandboxServer(configuration: config)
        print(String(format: "sandbox org: scale %d, %d records, built in %.2f s", scale, server.initialCounts.reduce(0) { $0 + $1.1 }, Date().timeIntervalSince(built)))
        let (base, serving) = try await server.startInBackground()
        defer { serving.cancel() }
        let client = HTTPClient(eventLoopGroupProvider: .singleton)
        do {
            try await measure(base: base, client: client, config: config, server: server)
        } catch {
            try await client.shutdown()
            throw error
        }
        try await client.shutdown()
    }

    private func measure(base: String, client: HTTPClient, config: SandboxConfiguration, server: SandboxServer) async throws {
        let user = config.users[0]
        let form = "grant_type=password&client_id=\(config.clientID)&client_secret=\(config.clientSecret)&username=\(user.email)&password=\(user.password)"
        let tokenJSON = try await call(client, "\(base)/services/oauth2/token", method: .POST, body: form, contentType: "application/x-www-form-urlencoded")
        guard let token = (try JSONSerialization.jsonObject(with: Data(tokenJSON)) as? [String: Any])?["access_token"] as? String else {
            throw ValidationError("could not sign in to the sandbox")
        }
        let auth = "Bearer \(token)"
        let describe = try await call(client, "\(base)/services/data/v62.0/sobjects/\(object)/describe", auth: auth)
        guard let fields = (try JSONSerialization.jsonObject(with: Data(describe)) as? [String: Any])?["fields"] as? [[String: Any]] else {
            throw ValidationError("no such object: \(object)")
        }
        let names = fields.compactMap { f -> String? in
            guard let name = f["name"] as? String, let type = f["type"] as? String, type != "address", type != "location", type != "base64" else { return nil }
            return name
        }
        let soql = "SELECT \(names.joined(separator: ", ")) FROM \(object)"
        print("object: \(object), \(names.count) fields")
        let cost = try server.pageCost(soql: soql, pages: restPages)
        print(String(format: "REST page of 2,000 records, in process: one core makes the values in %.1f ms and the page in %.1f ms; on %d cores the page takes %.1f ms",
                     cost.generateMs, cost.oneCoreMs, cost.cores, cost.allCoresMs))

        // REST: time each page of 2,000 records. The server writes a whole page before it sends
        // the head, so the time to the head is the server's work; the rest is loopback and client.
        var serverTimes: [Double] = []
        var pageTimes: [Double] = []
        var next: String? = "/services/data/v62.0/query?q=" + (soql.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? "")
        var restRecords = 0
        var restBytes = 0
        let restStart = Date()
        while let path = next, pageTimes.count < restPages {
            let t0 = Date()
            var request = HTTPClientRequest(url: base + path)
            request.headers.add(name: "Authorization", value: auth)
            let response = try await client.execute(request, timeout: .seconds(600))
            serverTimes.append(Date().timeIntervalSince(t0) * 1000)
            let body = Array(try await response.body.collect(upTo: 1 << 30).readableBytesView)
            pageTimes.append(Date().timeIntervalSince(t0) * 1000)
            guard response.status.code == 200 else { throw ValidationError("\(path) answered \(response.status.code)") }
            restBytes += body.count
            // Scanned as bytes, not parsed: a JSON parser here would cost more than the server's page.
            restRecords += Self.occurrences(of: Array("{\"attributes\":".utf8), in: body)
            next = Self.stringValue(after: Array("\"nextRecordsUrl\":\"".utf8), in: body)
        }
        let restSeconds = Date().timeIntervalSince(restStart)
        let median = { (times: [Double]) in times.sorted()[times.count / 2] }
        print(String(format: "REST query: %d pages, %d records; the server writes a page in %.1f ms (median; first page incl. the scan %.1f ms), the page arrives in %.1f ms; %.0f records/s, %.1f MB/s",
                     pageTimes.count, restRecords, median(serverTimes), serverTimes[0], median(pageTimes), Double(restRecords) / restSeconds, Double(restBytes) / restSeconds / 1e6))

        // Bulk 2.0: create, poll, read every results page.
        let bulkStart = Date()
        let job = try await call(client, "\(base)/services/data/v62.0/jobs/query", method: .POST, auth: auth,
                                 body: String(decoding: try JSONSerialization.data(withJSONObject: ["operation": "query", "query": soql]), as: UTF8.self))
        guard let jobID = (try JSONSerialization.jsonObject(with: Data(job)) as? [String: Any])?["id"] as? String else { throw ValidationError("job not created") }
        var state = ""
        while state != "JobComplete" {
            let info = try await call(client, "\(base)/services/data/v62.0/jobs/query/\(jobID)", auth: auth)
            state = ((try JSONSerialization.jsonObject(with: Data(info)) as? [String: Any])?["state"] as? String) ?? ""
            guard ["UploadComplete", "InProgress", "JobComplete"].contains(state) else { throw ValidationError("job ended in state \(state)") }
        }
        let ready = Date().timeIntervalSince(bulkStart)
        var locator: String? = nil
        var bulkRecords = 0
        var bulkBytes = 0
        let readStart = Date()
        repeat {
            var url = "\(base)/services/data/v62.0/jobs/query/\(jobID)/results?maxRecords=\(maxRecords)"
            if let locator { url += "&locator=\(locator)" }
            var request = HTTPClientRequest(url: url)
            request.headers.add(name: "Authorization", value: auth)
            let response = try await client.execute(request, timeout: .seconds(600))
            locator = response.headers.first(name: "Sforce-Locator").flatMap { $0 == "null" ? nil : $0 }
            bulkRecords += Int(response.headers.first(name: "Sforce-NumberOfRecords") ?? "0") ?? 0
            for try await chunk in response.body { bulkBytes += chunk.readableBytes }
        } while locator != nil
        let readSeconds = Date().timeIntervalSince(readStart)
        print(String(format: "Bulk 2.0 query: %d records, job ready in %.2f s, results read in %.2f s: %.0f records/s, %.1f MB/s",
                     bulkRecords, ready, readSeconds, Double(bulkRecords) / readSeconds, Double(bulkBytes) / readSeconds / 1e6))
    }

    static func occurrences(of pattern: [UInt8], in bytes: [UInt8]) -> Int {
        var count = 0
        var i = 0
        bytes.withUnsafeBufferPointer { b in
            pattern.withUnsafeBufferPointer { p in
                guard let first = p.first, let bytesBase = b.baseAddress, let patternBase = p.baseAddress else { return }
                var i = 0
                while i + p.count <= b.count {
                    if b[i] == first, memcmp(bytesBase + i, patternBase, p.count) == 0 {
                        count += 1
                        i += p.count
                    } else {
                        i += 1
                    }
                }
            }
        }
        return count
    }

    /// The JSON string value that follows `pattern` (a `"key":"` prefix), if any.
    static func stringValue(after pattern: [UInt8], in bytes: [UInt8]) -> String? {
        var i = 0
        while i + pattern.count <= bytes.count {
            if bytes[i] == pattern[0], bytes[i..<i + pattern.count].elementsEqual(pattern) {
                let start = i + pattern.count
                guard let end = bytes[start...].firstIndex(of: UInt8(ascii: "\"")) else { return nil }
                return String(decoding: bytes[start..<end], as: UTF8.self)
            }
            i += 1
        }
        return nil
    }

    private func call(_ client: HTTPClient, _ url: String, method: HTTPMethod = .GET, auth: String? = nil, body: String? = nil, contentType: String = "application/json") async throws -> [UInt8] {
        var request = HTTPClientRequest(url: url)
        request.method = method
        if let auth { request.headers.add(name: "Authorization", value: auth) }
        if let body {
            request.headers.add(name: "Content-Type", value: contentType)
            request.body = .bytes(ByteBuffer(string: body))
        }
        let response = try await client.execute(request, timeout: .seconds(600))
        let buffer = try await response.body.collect(upTo: 1 << 30)
        guard (200..<300).contains(response.status.code) else {
            throw ValidationError("\(url) answered \(response.status.code): \(String(buffer: buffer).prefix(300))")
        }
        return Array(buffer.readableBytesView)
    }
}
