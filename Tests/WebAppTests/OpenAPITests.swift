import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import NIOCore
import Synchronization
import Testing

@testable import WebApp

/// `/api/v1/openapi.json` describes every `/api/v1` route the router has, and nothing else: a
/// route added without an entry (or an entry left after its route went) fails here.
@Suite struct OpenAPITests {
    @Test func theDocumentAndTheRoutesAgree() async throws {
        let routes = Mutex<Set<String>>([])
        try await WebAppHarness.withApp(extraRoutes: { router in
            // The app's routes, as the router holds them (`:id` captures as `{id}`).
            let api = router.routes.filter { "\($0.path)".hasPrefix("/api/v1") }.map { route in
                "\(route.method.rawValue.lowercased()) " + "\(route.path)".split(separator: "/").map { part in
                    part.hasPrefix(":") ? "{\(part.dropFirst())}" : String(part)
                }.joined(separator: "/")
            }
            routes.withLock { $0 = Set(api.map { $0.replacingOccurrences(of: " api/", with: " /api/") }) }
        }) { _, client in
            // Served to anyone, without a key: it holds no data
            let response = try await client.execute(uri: "/api/v1/openapi.json", method: .get)
            #expect(response.status == .ok)
            #expect(response.headers[.contentType] == "application/json")
            let document = try #require(try JSONSerialization.jsonObject(with: Data(response.body.readableBytesView)) as? [String: Any])
            #expect(document["openapi"] as? String == "3.1.0")
            let paths = try #require(document["paths"] as? [String: [String: Any]])
            var described = Set<String>()
            for (path, methods) in paths {
                for (method, operation) in methods {
                    described.insert("\(method) \(path)")
                    let entry = try #require(operation as? [String: Any])
                    #expect(!(entry["summary"] as? String ?? "").isEmpty, "\(method) \(path) has no summary")
                    #expect((entry["responses"] as? [String: Any])?.isEmpty == false, "\(method) \(path) has no responses")
                    // Every {parameter} of the path is declared
                    let declared = Set((entry["parameters"] as? [[String: Any]] ?? []).compactMap { $0["name"] as? String })
                    let named = Set(path.split(separator: "/").filter { $0.hasPrefix("{") }.map { String($0.dropFirst().dropLast()) })
                    #expect(declared == named, "\(method) \(path): parameters \(declared), path names \(named)")
                }
            }
            let registered = routes.withLock { $0 }
            #expect(registered.count >= 10, "\(registered)")
            #expect(registered.subtracting(described).isEmpty, "routes without an entry: \(registered.subtracting(described).sorted())")
            #expect(described.subtracting(registered).isEmpty, "entries without a route: \(described.subtracting(registered).sorted())")
        }
    }
}
