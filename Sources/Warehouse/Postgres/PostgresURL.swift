import Foundation
import NIOSSL
import PostgresNIO

/// Where a PostgreSQL warehouse is: `postgres://user[:password]@host[:port][/database][?options]`.
///
/// Options (query items):
/// - `schema`: the schema holding Tributary's tables, created when missing (default: the
///   server's `search_path`, normally `public`);
/// - `sslmode`: `disable`, `prefer` or `require` (default: `disable` on loopback, else `prefer`).
///
/// The database defaults to the user's name, as with libpq.
public struct PostgresURL: Sendable, Equatable, CustomStringConvertible {
    public enum SSLMode: String, Sendable { case disable, prefer, require }

    public var host: String
    public var port: Int
    public var username: String
    public var password: String?
    public var database: String
    public var schema: String?
    public var sslMode: SSLMode

    /// - Throws: `WarehouseError.invalidURL` naming what is wrong (never the password).
    public init(_ text: String) throws {
        guard let components = URLComponents(string: text) else { throw WarehouseError.invalidURL("not a URL") }
        guard let scheme = components.scheme?.lowercased(), scheme == "postgres" || scheme == "postgresql" else {
            throw WarehouseError.invalidURL("the scheme must be postgres:// or postgresql://")
        }
        guard let host = components.host, !host.isEmpty else { throw WarehouseError.invalidURL("the URL names no host") }
        guard let username = components.user, !username.isEmpty else {
            throw WarehouseError.invalidURL("the URL names no user (postgres://USER@\(host)/…)")
        }
        if let port = components.port, !(1...65_535).contains(port) { throw WarehouseError.invalidURL("port \(port) is out of range") }
        let path = components.path.hasPrefix("/") ? String(components.path.dropFirst()) : components.path
        guard !path.contains("/") else { throw WarehouseError.invalidURL("the path must be one database name") }
        self.host = host
        self.port = components.port ?? 5432
        self.username = username
        self.password = components.password
        self.database = path.isEmpty ? username : path
        self.schema = nil
        self.sslMode = Self.isLoopback(host) ? .disable : .prefer
        for item in components.queryItems ?? [] {
            switch item.name {
            case "schema":
                guard let value = item.value else { throw WarehouseError.invalidURL("schema needs a value") }
                do { try PostgresSQL.validate(value) } catch { throw WarehouseError.invalidURL("schema '\(value)' is not a plain name") }
                schema = value
            case "sslmode":
                guard let mode = item.value.flatMap(SSLMode.init(rawValue:)) else {
                    throw WarehouseError.invalidURL("sslmode must be disable, prefer or require")
                }
                sslMode = mode
            default:
                throw WarehouseError.invalidURL("unknown option '\(item.name)' (known: schema, sslmode)")
            }
        }
    }

    /// The URL without its password, for messages and logs.
    public var description: String {
        var options: [String] = []
        if let schema { options.append("schema=\(schema)") }
        options.append("sslmode=\(sslMode.rawValue)")
        return "postgres://\(username)@\(host):\(port)/\(database)?\(options.joined(separator: "&"))"
    }

    /// The same server and database with another schema (tests give each case its own).
    public func with(schema: String) throws -> PostgresURL {
        try PostgresSQL.validate(schema)
        var copy = self
        copy.schema = schema
        return copy
    }

    /// Session settings sent when each connection starts: every session reads and writes
    /// datetimes in UTC whatever the server's default zone, and finds its tables in `schema`.
    private var startupParameters: [(String, String)] {
        [("TimeZone", "UTC"), ("DateStyle", "ISO")] + (schema.map { [("search_path", PostgresSQL.quote($0))] } ?? [])
    }

    /// For the connection pool.
    var clientConfiguration: PostgresClient.Configuration {
        let tls: PostgresClient.Configuration.TLS = switch sslMode {
        case .disable: .disable
        case .prefer: .prefer(.makeClientConfiguration())
        case .require: .require(.makeClientConfiguration())
        }
        var configuration = PostgresClient.Configuration(
            host: host, port: port, username: username, password: password, database: database, tls: tls)
        configuration.options.additionalStartupParameters = startupParameters
        configuration.options.connectTimeout = .seconds(10)
        return configuration
    }

    /// For one connection outside the pool: the pool retries a refused connection until a
    /// timeout, while one connection fails at once with the reason (refused, bad password…).
    func connectionConfiguration() throws -> PostgresConnection.Configuration {
        let tls: PostgresConnection.Configuration.TLS = switch sslMode {
        case .disable: .disable
        case .prefer: .prefer(try NIOSSLContext(configuration: .makeClientConfiguration()))
        case .require: .require(try NIOSSLContext(configuration: .makeClientConfiguration()))
        }
        var configuration = PostgresConnection.Configuration(
            host: host, port: port, username: username, password: password, database: database, tls: tls)
        configuration.options.additionalStartupParameters = startupParameters
        configuration.options.connectTimeout = .seconds(10)
        return configuration
    }

    private static func isLoopback(_ host: String) -> Bool {
        host == "localhost" || host == "::1" || host == "[::1]" || host.hasPrefix("127.")
    }
}
