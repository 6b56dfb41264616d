import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The reverse proxies whose `X-Forwarded-For` Tributary believes (`serve --trusted-proxies`,
/// `TRIBUTARY_TRUSTED_PROXIES`): IP addresses and CIDR ranges, IPv4 or IPv6.
///
/// Without it the client is the TCP peer, as it must be: anyone can send the header, so
/// believing it from anyone lets a guesser pick a fresh address per attempt. With it, and a
/// request from one of those proxies, the client is the last address in the header that is not
/// itself a trusted proxy (each proxy appends the address it received from, so the entries left
/// of it may be forged by the client; the ones right of it were added by our proxies).
public struct TrustedProxies: Sendable, Equatable {
    struct Range: Sendable, Equatable {
        var bytes: [UInt8]
        var prefixLength: Int

        func contains(_ address: [UInt8]) -> Bool {
            guard address.count == bytes.count else { return false }
            var bitsLeft = prefixLength
            for (a, b) in zip(address, bytes) where bitsLeft > 0 {
                let mask: UInt8 = bitsLeft >= 8 ? 0xFF : ~(0xFF >> UInt8(bitsLeft))
                guard a & mask == b & mask else { return false }
                bitsLeft -= 8
            }
            return true
        }
    }

    let ranges: [Range]

    public static let none = TrustedProxies(ranges: [])

    init(ranges: [Range]) { self.ranges = ranges }

    /// Parses `10.0.0.1, 192.168.0.0/16, ::1`; throws with the entry it cannot read.
    public init(parsing list: String) throws(InvalidTrustedProxy) {
        var ranges: [Range] = []
        for entry in list.split(separator: ",").map({ $0.trimmingCharacters(in: .whitespaces) }) where !entry.isEmpty {
            let parts = entry.split(separator: "/", maxSplits: 1, omittingEmptySubsequences: false).map(String.init)
            guard let bytes = Self.bytes(parts[0]) else { throw InvalidTrustedProxy(entry: entry) }
            let prefix = parts.count == 2 ? Int(parts[1]) : bytes.count * 8
            guard let prefix, (0...bytes.count * 8).contains(prefix) else { throw InvalidTrustedProxy(entry: entry) }
            ranges.append(Range(bytes: bytes, prefixLength: prefix))
        }
        self.ranges = ranges
    }

    public var isEmpty: Bool { ranges.isEmpty }

    func contains(_ address: String) -> Bool {
        guard let bytes = Self.bytes(address) else { return false }
        return ranges.contains { $0.contains(bytes) }
    }

    /// The client's address: the peer, unless the peer is a trusted proxy and the header names
    /// an address that is not.
    func clientAddress(peer: String?, forwardedFor: [String]) -> String? {
        guard let peer, contains(peer) else { return peer }
        let hops = forwardedFor.flatMap { $0.split(separator: ",") }.map { $0.trimmingCharacters(in: .whitespaces) }
        for hop in hops.reversed() {
            // A malformed entry is where forging starts: stop there, at the last proxy we trust.
            guard Self.bytes(hop) != nil else { return peer }
            if !contains(hop) { return hop }
        }
        return hops.first ?? peer
    }

    /// The address's bytes (4 for IPv4, 16 for IPv6), or nil for anything else.
    static func bytes(_ text: String) -> [UInt8]? {
        guard !text.isEmpty, text.utf8.count <= 64 else { return nil }
        if text.contains(":") {
            var address = in6_addr()
            guard inet_pton(AF_INET6, text, &address) == 1 else { return nil }
            return withUnsafeBytes(of: &address) { Array($0) }
        }
        var address = in_addr()
        guard inet_pton(AF_INET, text, &address) == 1 else { return nil }
        return withUnsafeBytes(of: &address) { Array($0) }
    }
}

public struct InvalidTrustedProxy: Error, CustomStringConvertible {
    public let entry: String
    public var description: String { "'\(entry)' is not an IP address or a CIDR range such as 10.0.0.0/8" }
}
