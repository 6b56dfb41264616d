import Foundation

/// The reverse proxies whose `X-Forwarded-For` Tributary believes (`serve --trusted-proxies`,
/// `TRIBUTARY_TRUSTED_PROXIES`): IP addresses and CIDR ranges, IPv4 or IPv6.
///
/// Without it the client is the TCP peer, as it must be: anyone can send the header, so
/// believing it from anyone lets a guesser pick a fresh address per attempt. With it, and a
/// request from one of those proxies, the client is the last address in the header that is not
/// itself a trusted proxy (each proxy appends the address it received from, so the entries left
/// of it may be forged by the client; the ones right of it were added by our proxies).
public struct TrustedProxies: Sendable, Equatable {
    /// The same address ranges as the webhook allowlist's (one parser for both).
    let ranges: [AddressRange]

    public static let none = TrustedProxies(ranges: [])

    init(ranges: [AddressRange]) { self.ranges = ranges }

    /// Parses `10.0.0.1, 192.168.0.0/16, ::1`; throws with the entry it cannot read.
    public init(parsing list: String) throws(InvalidTrustedProxy) {
        var ranges: [AddressRange] = []
        for entry in list.split(separator: ",").map({ $0.trimmingCharacters(in: .whitespaces) }) where !entry.isEmpty {
            guard let range = AddressRange(entry) else { throw InvalidTrustedProxy(entry: entry) }
            ranges.append(range)
        }
        self.ranges = ranges
    }

    public var isEmpty: Bool { ranges.isEmpty }

    func contains(_ address: String) -> Bool {
        guard let address = IPAddress(address) else { return false }
        return ranges.contains { $0.contains(address) }
    }

    /// The client's address: the peer, unless the peer is a trusted proxy and the header names
    /// an address that is not.
    func clientAddress(peer: String?, forwardedFor: [String]) -> String? {
        guard let peer, contains(peer) else { return peer }
        let hops = forwardedFor.flatMap { $0.split(separator: ",") }.map { $0.trimmingCharacters(in: .whitespaces) }
        for hop in hops.reversed() {
            // A malformed entry is where forging starts: stop there, at the last proxy we trust.
            guard IPAddress(hop) != nil else { return peer }
            if !contains(hop) { return hop }
        }
        return hops.first ?? peer
    }
}

public struct InvalidTrustedProxy: Error, CustomStringConvertible {
    public let entry: String
    public var description: String { "'\(entry)' is not an IP address or a CIDR range such as 10.0.0.0/8" }
}
