import Foundation

/// Where webhooks may go: any public unicast address, plus the internal ranges an operator
/// allows (`serve --webhook-allow` / `TRIBUTARY_WEBHOOK_ALLOW`, e.g. `127.0.0.1,10.0.0.0/8`).
///
/// A connection's webhook URL is typed by an admin of the web app, not by the operator of the
/// machine; without this, it could make Tributary POST to the machine itself, the local network
/// or a cloud metadata service (169.254.169.254).
public struct WebhookAllowlist: Sendable, Equatable {
    let allowed: [AddressRange]

    /// Only public addresses.
    public static let publicOnly = WebhookAllowlist(allowed: [])

    init(allowed: [AddressRange]) { self.allowed = allowed }

    /// - Parameter text: comma-separated addresses and CIDR ranges; empty for none.
    /// - Throws: `WebhookAllowlistError` naming the entry that is not an address or range.
    public init(parsing text: String) throws(WebhookAllowlistError) {
        var ranges: [AddressRange] = []
        for entry in text.split(separator: ",").map({ $0.trimmingCharacters(in: .whitespaces) }) where !entry.isEmpty {
            guard let range = AddressRange(entry) else { throw WebhookAllowlistError(entry: entry) }
            ranges.append(range)
        }
        allowed = ranges
    }

    /// True when a webhook may connect to `address`.
    func permits(_ address: IPAddress) -> Bool {
        if allowed.contains(where: { $0.contains(address) }) { return true }
        if let v4 = address.embeddedIPv4 { return permits(v4) }
        return !Self.internalRanges.contains { $0.contains(address) }
    }

    /// Loopback, private, shared (CGNAT), link-local, multicast, unspecified, reserved and
    /// documentation ranges: nothing a webhook on the public internet lives in.
    static let internalRanges: [AddressRange] = [
        "0.0.0.0/8", "10.0.0.0/8", "100.64.0.0/10", "127.0.0.0/8", "169.254.0.0/16", "172.16.0.0/12", "192.0.0.0/24", "192.0.2.0/24",
        "192.168.0.0/16", "198.18.0.0/15", "198.51.100.0/24", "203.0.113.0/24", "224.0.0.0/4", "240.0.0.0/4",
        "::/128", "::1/128", "64:ff9b::/96", "64:ff9b:1::/48", "100::/64", "2001:db8::/32", "fc00::/7", "fe80::/10", "fec0::/10", "ff00::/8",
    ].compactMap { AddressRange($0) }
}

public struct WebhookAllowlistError: Error, CustomStringConvertible {
    public let entry: String
    public var description: String { "'\(entry)' is not an IP address or CIDR range (such as 127.0.0.1 or 10.0.0.0/8)" }
}
