import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1
import NIOPosix

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// POSTs a webhook to a checked address: the host is resolved first, every address it resolves
/// to must be one the allowlist permits (a name that points inside is refused even if it also
/// points outside), and the request connects to a checked address, never resolving again, so a
/// DNS answer that changes between check and connect (rebinding) cannot move it. Redirects are
/// not followed: a `Location` would be a new, unchecked URL.
struct WebhookSender: Sendable {
    let allow: WebhookAllowlist
    var timeout: Duration = .seconds(15)

    struct Refused: Error, CustomStringConvertible {
        let description: String
    }

    /// - Returns: the HTTP status the webhook answered (a 3xx is returned, not followed).
    /// - Throws: `Refused` for a URL or address that is not allowed; transport errors.
    func post(_ url: String, json body: [UInt8]) async throws -> UInt {
        guard let components = URLComponents(string: url), let scheme = components.scheme?.lowercased(), ["http", "https"].contains(scheme),
              let host = components.host, !host.isEmpty
        else { throw Refused(description: "the webhook is not an http(s) URL") }
        let port = components.port ?? (scheme == "https" ? 443 : 80)
        let addresses = try await Self.resolve(host, port: port)
        guard let first = addresses.first else { throw Refused(description: "\(host) has no address") }
        if let inside = addresses.first(where: { !allow.permits($0) }) {
            throw Refused(description: "\(host) is \(inside), an internal address; an operator can allow it with --webhook-allow / TRIBUTARY_WEBHOOK_ALLOW")
        }
        var configuration = HTTPClient.Configuration()
        configuration.redirectConfiguration = .disallow
        // The name stays in the URL (Host header, TLS name); only the address to connect to is fixed.
        if IPAddress(host) == nil { configuration.dnsOverride = [host: first.description] }
        let client = HTTPClient(eventLoopGroupProvider: .singleton, configuration: configuration)
        do {
            var request = HTTPClientRequest(url: url)
            request.method = .POST
            request.headers.add(name: "Content-Type", value: "application/json")
            request.body = .bytes(ByteBuffer(bytes: body))
            let response = try await client.execute(request, timeout: .seconds(timeout.components.seconds))
            _ = try? await response.body.collect(upTo: 64 * 1024)
            try await client.shutdown()
            return response.status.code
        } catch {
            try? await client.shutdown()
            throw error
        }
    }

    /// Every address `host` resolves to (the host itself when it is a literal), off the
    /// cooperative threads since `getaddrinfo` blocks.
    static func resolve(_ host: String, port: Int) async throws -> [IPAddress] {
        if let literal = IPAddress(host) { return [literal] }
        return try await NIOThreadPool.singleton.runIfActive {
            var hints = addrinfo()
            hints.ai_family = AF_UNSPEC
            hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
            var list: UnsafeMutablePointer<addrinfo>?
            let status = getaddrinfo(host, String(port), &hints, &list)
            guard status == 0, let list else { throw Refused(description: "cannot resolve \(host) (getaddrinfo \(status))") }
            defer { freeaddrinfo(list) }
            var found: [IPAddress] = []
            var cursor: UnsafeMutablePointer<addrinfo>? = list
            while let entry = cursor {
                if let address = entry.pointee.ai_addr.flatMap(Self.address(of:)), !found.contains(address) { found.append(address) }
                cursor = entry.pointee.ai_next
            }
            return found
        }
    }

    private static func address(of socketAddress: UnsafeMutablePointer<sockaddr>) -> IPAddress? {
        switch Int32(socketAddress.pointee.sa_family) {
        case AF_INET:
            return socketAddress.withMemoryRebound(to: sockaddr_in.self, capacity: 1) { pointer in
                var address = pointer.pointee.sin_addr
                return IPAddress(bytes: withUnsafeBytes(of: &address) { Array($0) })
            }
        case AF_INET6:
            return socketAddress.withMemoryRebound(to: sockaddr_in6.self, capacity: 1) { pointer in
                var address = pointer.pointee.sin6_addr
                return IPAddress(bytes: withUnsafeBytes(of: &address) { Array($0) })
            }
        default:
            return nil
        }
    }
}
