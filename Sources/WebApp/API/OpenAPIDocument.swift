import Foundation

/// The `/api/v1` routes described for people and tools (OpenAPI 3.1), served at
/// `/api/v1/openapi.json`. Written by hand, not generated: each route says what it is for, who
/// may call it and what it answers. `OpenAPITests` fails when a route is added without an entry
/// here, or an entry names a route that does not exist.
enum OpenAPIDocument {
    /// Every operation: method, path (OpenAPI's `{param}` form), summary, what a caller needs,
    /// and its answers.
    struct Operation {
        var method: String
        var path: String
        var summary: String
        var access: String
        var requestBody: [String: Any]? = nil
        var responses: [String: String]
    }

    // Computed: `[String: Any]` bodies are not Sendable, so nothing here is a stored global.
    static var operations: [Operation] { [
        Operation(method: "get", path: "/api/v1/openapi.json", summary: "This document.", access: "everyone",
                  responses: ["200": "The OpenAPI 3.1 document of every /api/v1 route."]),
        Operation(method: "get", path: "/api/v1/connections", summary: "Every Salesforce connection with its status, last update and table counts.",
                  access: "Standard or Admin (API key or session)", responses: ["200": "A list of connection summaries."]),
        Operation(method: "get", path: "/api/v1/connections/{id}", summary: "One connection's summary.",
                  access: "Standard or Admin (API key or session)", responses: ["200": "The connection's summary.", "404": "No such connection."]),
        Operation(method: "get", path: "/api/v1/connections/{id}/cycles/latest",
                  summary: "The last completed whole update cycle: start, end, status, error, API calls, and whether one runs now.",
                  access: "Standard or Admin (API key or session)", responses: ["200": "The cycle.", "404": "No completed cycle yet, or no such connection."]),
        Operation(method: "get", path: "/api/v1/connections/{id}/progress", summary: "The running cycle's progress (tables done, rows, API calls), if one runs.",
                  access: "Standard or Admin (API key or session)", responses: ["200": "The progress.", "404": "No such connection."]),
        Operation(method: "post", path: "/api/v1/connections/{id}/sync", summary: "Force update: start an update cycle now.",
                  access: "Admin (API key only)", responses: ["202": "Started.", "409": "A cycle of this connection runs already."]),
        Operation(method: "post", path: "/api/v1/connections/{id}/check", summary: "Check for new tables and columns (structure only).",
                  access: "Admin (API key only)", responses: ["202": "Started.", "409": "A cycle runs; it checks for them itself."]),
        Operation(method: "get", path: "/api/v1/connections/{id}/tables", summary: "The connection's tables: settings, rows, what is synced.",
                  access: "Standard or Admin (API key or session)", responses: ["200": "A list of tables."]),
        Operation(method: "get", path: "/api/v1/connections/{id}/tables/{table}",
                  summary: "One table with every column of its object, each synced, pending, unsynced or hidden; why a Full Table copy is whole.",
                  access: "Standard or Admin (API key or session)", responses: ["200": "The table.", "400": "No such table in this connection."]),
        Operation(method: "post", path: "/api/v1/connections/{id}/tables/{table}",
                  summary: "Change a table: synced or not, replication method and key, columns, recheck frequencies. `?confirm=true` allows removals; `?sync=true` syncs it at once.",
                  access: "Admin (API key only)",
                  requestBody: ["description": "A table change: {\"selected\", \"method\", \"replicationKey\", \"columns\", \"recheck\"}, each optional.",
                                "required": true, "content": ["application/json": ["schema": ["type": "object"]]]],
                  responses: ["200": "Saved.", "400": "Not a valid change (unknown column, bad key).", "409": "It removes columns or the table: what depends on them; nothing changed."]),
        Operation(method: "post", path: "/api/v1/query",
                  summary: "Run a report spec (the report builder's query): an aggregate over one synced object by period and up to two groupings, in the corporate currency where the org has several (see README, The query API).",
                  access: "Standard or Admin (API key or session)",
                  requestBody: ["description": "{\"object\", \"measure\" or \"measures\" with \"formula\", \"time\", \"filters\", \"groupBy\", \"currency\"}.",
                                "required": true, "content": ["application/json": ["schema": ["$ref": "#/components/schemas/QuerySpec"]]]],
                  responses: ["200": "{\"columns\", \"rows\", \"currency\"}.", "400": "{\"error\": …} naming the unknown object, field, lookup, operator or value."]),
    ] }

    /// The document as JSON.
    static func json() throws -> Data {
        var paths: [String: [String: Any]] = [:]
        for operation in operations {
            var entry: [String: Any] = [
                "summary": operation.summary,
                "description": "Who may call it: \(operation.access).",
                "responses": operation.responses.mapValues { ["description": $0] },
            ]
            let parameters = operation.path.split(separator: "/").filter { $0.hasPrefix("{") }.map { name in
                ["name": String(name.dropFirst().dropLast()), "in": "path", "required": true, "schema": ["type": "string"]] as [String: Any]
            }
            if !parameters.isEmpty { entry["parameters"] = parameters }
            if let body = operation.requestBody { entry["requestBody"] = body }
            if operation.access == "everyone" { entry["security"] = [[String: [String]]]() }
            paths[operation.path, default: [:]][operation.method] = entry
        }
        let document: [String: Any] = [
            "openapi": "3.1.0",
            "info": ["title": "Tributary", "version": "1",
                     "description": "Salesforce connections, the warehouse's tables, update cycles and report queries. Authenticate with an API key as `Authorization: Bearer trb_…` (Account Settings > API Keys, or `tributary api-keys add`); reads also accept a signed-in session."],
            "paths": paths,
            "security": [["apiKey": [String]()], ["session": [String]()]],
            "components": [
                "securitySchemes": [
                    "apiKey": ["type": "http", "scheme": "bearer", "description": "An API key, trb_…"],
                    "session": ["type": "apiKey", "in": "cookie", "name": "tributary_session"],
                ],
                "schemas": ["QuerySpec": querySpecSchema, "Measure": measureSchema],
            ],
        ]
        return try JSONSerialization.data(withJSONObject: document, options: [.sortedKeys, .prettyPrinted])
    }

    static var measureSchema: [String: Any] { [
        "type": "object", "required": ["aggregate"], "properties": [
            "aggregate": ["enum": ["count", "sum", "avg", "min", "max", "countDistinct"]],
            "field": ["type": "string"],
            "filters": ["type": "array"],
        ],
    ] }

    static var querySpecSchema: [String: Any] { [
        "type": "object", "required": ["object"], "additionalProperties": false,
        "properties": [
            "object": ["type": "string", "description": "A synced object's API name (Opportunity)."],
            "measure": ["$ref": "#/components/schemas/Measure"],
            "measures": ["type": "object", "additionalProperties": ["$ref": "#/components/schemas/Measure"]],
            "formula": ["type": "string", "description": "Over the measures' names: + - * / and parentheses."],
            "time": ["type": "object", "required": ["field"], "properties": [
                "field": ["type": "string"], "from": ["type": "string", "format": "date"], "to": ["type": "string", "format": "date"],
                "interval": ["enum": ["none", "day", "week", "month", "quarter", "year"]],
            ]],
            "filters": ["type": "array", "items": ["type": "object", "required": ["field", "op"], "properties": [
                "field": ["type": "string"],
                "op": ["enum": ["=", "!=", "<", "<=", ">", ">=", "in", "notIn", "contains", "isNull", "notNull"]],
                "value": [:] as [String: Any],
            ]]],
            "groupBy": ["type": "array", "maxItems": 2, "items": ["type": "string"]],
            "currency": ["enum": ["none", "corporate"]],
        ],
    ] }
}
