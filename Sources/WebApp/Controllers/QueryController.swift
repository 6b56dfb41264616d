import Analytics
import Foundation
import Hummingbird
import Sync
import Warehouse

/// `POST /api/v1/query`: the report builder's query as JSON, for scripts and tests. A read, so
/// an API key of a Standard or Admin user or their signed-in session may run it (the policy's
/// `/api/v1/query` rule). A body that is not JSON, or a spec the catalog does not support,
/// answers 400 with `{"error": "…"}` naming what is wrong; no SQL comes in.
struct QueryController: RouteController {
    let warehouse: any Warehouse

    /// A query spec is a few hundred bytes; this leaves room for long `in` lists.
    static let maximumQueryBody = 256 * 1024

    func addRoutes(to groups: RouteGroups) {
        groups.apiReaders.post("/api/v1/query") { request, context -> Response in
            let body = try await request.body.collect(upTo: Self.maximumQueryBody)
            let spec: QuerySpec
            do {
                spec = try JSONDecoder().decode(QuerySpec.self, from: Data(body.readableBytesView))
            } catch let error as QueryError {
                return try WebApp.json(QueryRefusal(error: error.description), status: .badRequest)
            } catch let error as DecodingError {
                return try WebApp.json(QueryRefusal(error: Self.explain(error)), status: .badRequest)
            }
            do {
                return try WebApp.json(try await AnalyticsService(warehouse: self.warehouse).query(spec))
            } catch let error as QueryError {
                return try WebApp.json(QueryRefusal(error: error.description), status: .badRequest)
            }
        }
    }

    /// A decoding error in words, with where in the body it happened.
    static func explain(_ error: DecodingError) -> String {
        func path(_ context: DecodingError.Context) -> String {
            let keys = context.codingPath.map { $0.intValue.map { "[\($0)]" } ?? ".\($0.stringValue)" }.joined()
            return keys.isEmpty ? "the body" : String(keys.drop { $0 == "." })
        }
        switch error {
        case .dataCorrupted(let context) where context.codingPath.isEmpty: return "the body is not JSON"
        case .dataCorrupted(let context): return "\(path(context)): \(context.debugDescription)"
        case .keyNotFound(let key, let context):
            let place = context.codingPath.isEmpty ? "the query" : path(context)
            return "'\(key.stringValue)' is missing in \(place)"
        case .typeMismatch(let type, let context): return "\(path(context)) must be \(Self.describe(type))"
        case .valueNotFound(let type, let context): return "\(path(context)) must be \(Self.describe(type)), not null"
        @unknown default: return "the body is not a query"
        }
    }

    private static func describe(_ type: Any.Type) -> String {
        let name = String(describing: type)
        if type == String.self { return "a string" }
        if name.hasPrefix("Array") || name.hasPrefix("[") { return "a list" }
        return "an object"
    }
}

/// The body of a refused query.
struct QueryRefusal: Encodable {
    let error: String
}
