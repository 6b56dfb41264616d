import Foundation

/// Which hosts may receive Tributary's Salesforce credentials (client secret, PKCE verifier,
/// access and refresh tokens).
public enum HostPolicy: Sendable, Equatable {
    /// Salesforce's own hosts, over https.
    case salesforce
    /// Those, or a local sandbox org on loopback (http or https). Only for a sandbox org an
    /// operator named: `serve --demo`, `tributary connect --login-url http://127.0.0.1:…`, or a
    /// connection stored after being made so. Never for a URL typed into a web form or handed
    /// back by a server.
    case salesforceOrLocalSandbox
}

/// A scheme, host and port Tributary may send Salesforce credentials to. The only way to get one
/// is `init(checking:policy:)`, so a request URL built from it can only reach a checked host.
///
/// The check reads the URL the way the HTTP client will: anything that could make the two
/// disagree (percent-encoding, `user@`, backslashes, spaces, control or non-ASCII characters)
/// is refused rather than decoded, since a host never needs them.
public struct SalesforceOrigin: Sendable, Hashable, CustomStringConvertible {
    public let scheme: String
    public let host: String
    public let port: Int?
    /// True for a local sandbox org on loopback; false for a Salesforce host.
    public var isLocalSandbox: Bool { !SalesforceDomains.contains(host) }

    /// - Throws: `SalesforceError.untrustedURL` when `text` is not an origin `policy` allows, or
    ///   carries a path other than `/`.
    public init(checking text: String, policy: HostPolicy) throws(SalesforceError) {
        let parts = try URLParts(text)
        guard parts.rest.isEmpty || parts.rest == "/" else {
            throw .untrustedURL("\(text) has a path; give only the scheme and host, such as https://yourcompany.my.salesforce.com")
        }
        self = try Self(parts, policy: policy, text: text)
    }

    fileprivate init(_ parts: URLParts, policy: HostPolicy, text: String) throws(SalesforceError) {
        let salesforce = parts.scheme == "https" && SalesforceDomains.contains(parts.host)
        let localSandbox = policy == .salesforceOrLocalSandbox && Loopback.isLoopback(parts.host)
        guard salesforce || localSandbox else {
            if SalesforceDomains.contains(parts.host) {
                throw .untrustedURL("\(text) is not https; Tributary sends Salesforce credentials over https only")
            }
            throw .untrustedURL("\(text) is not a Salesforce host (*\(SalesforceDomains.suffixes.joined(separator: ", *")))")
        }
        scheme = parts.scheme
        host = parts.host
        port = parts.port
    }

    /// `scheme://host[:port]`, with nothing after it.
    public var url: String { scheme + "://" + host + (port.map { ":\($0)" } ?? "") }
    public var description: String { url }

    /// `url` followed by `path`, a path on this origin built by Tributary or checked by `InstancePath`.
    func appending(_ path: String) -> String { url + path }
}

/// A full URL on a checked origin, such as the identity URL (`id`) of a token response.
public struct SalesforceURL: Sendable, Hashable, CustomStringConvertible {
    public let origin: SalesforceOrigin
    /// The path and query, starting with `/` (or empty).
    public let pathAndQuery: String

    /// - Throws: `SalesforceError.untrustedURL` when the host is not one `policy` allows.
    public init(checking text: String, policy: HostPolicy) throws(SalesforceError) {
        let parts = try URLParts(text)
        guard parts.rest.isEmpty || parts.rest.hasPrefix("/") else { throw .untrustedURL("\(text) is not a URL Tributary follows") }
        origin = try SalesforceOrigin(parts, policy: policy, text: text)
        pathAndQuery = parts.rest
    }

    public var url: String { origin.appending(pathAndQuery) }
    public var description: String { url }
}

/// A path that Salesforce handed back to be fetched on the same instance (`nextRecordsUrl`).
/// It must be an absolute path: no scheme, no `//host`, no `@`, nothing that could move the
/// request to another host once appended to the instance URL.
struct InstancePath: Sendable {
    let path: String

    init(checking text: String) throws(SalesforceError) {
        guard text.hasPrefix("/services/data/"), !text.hasPrefix("//"), text.utf8.allSatisfy(URLParts.isPlainURLByte),
              !text.contains("\\"), !text.contains("@"), !text.contains("#")
        else { throw .untrustedURL("'\(text.prefix(200))' is not a path on the instance") }
        path = text
    }
}

/// A URL split the strict way: lower-case scheme (http or https), host, port, and the rest.
struct URLParts {
    let scheme: String
    let host: String
    let port: Int?
    let rest: String

    init(_ text: String) throws(SalesforceError) {
        // Printable ASCII only: no spaces, controls or non-ASCII that one parser reads differently
        // from another; no backslash, which browsers treat as `/`.
        guard text.utf8.allSatisfy(Self.isPlainURLByte), !text.contains("\\") else {
            throw .untrustedURL("'\(text.prefix(200))' has characters a Salesforce URL never has")
        }
        guard let separator = text.range(of: "://") else { throw .untrustedURL("'\(text.prefix(200))' is not an http(s) URL") }
        scheme = text[..<separator.lowerBound].lowercased()
        guard scheme == "https" || scheme == "http" else { throw .untrustedURL("'\(text.prefix(200))' is not an http(s) URL") }
        let afterScheme = text[separator.upperBound...]
        let authority = afterScheme.prefix { !"/?#".contains($0) }
        rest = String(afterScheme[authority.endIndex...])
        // `%` would be decoded into the host by some parsers (`evil.example%2F.salesforce.com`),
        // `@` makes what precedes it a user name: a host has neither, so neither is decoded.
        guard !authority.contains("%"), !authority.contains("@"), !authority.isEmpty else {
            throw .untrustedURL("'\(text.prefix(200))' has an encoded or user-qualified host")
        }
        let (hostText, portText) = Self.splitPort(authority)
        guard let hostText else { throw .untrustedURL("'\(text.prefix(200))' has no valid host") }
        if let portText {
            guard portText.allSatisfy({ $0.isASCII && $0.isNumber }), let port = Int(portText), (1...65_535).contains(port) else {
                throw .untrustedURL("'\(text.prefix(200))' has an invalid port")
            }
            self.port = port
        } else {
            port = nil
        }
        host = hostText.lowercased()
        guard host == "[::1]" || Self.isHostName(host) else { throw .untrustedURL("'\(text.prefix(200))' has no valid host") }
    }

    static func isPlainURLByte(_ byte: UInt8) -> Bool { (0x21...0x7E).contains(byte) }

    private static func splitPort(_ authority: Substring) -> (String?, String?) {
        if authority.hasPrefix("[") {
            guard let close = authority.firstIndex(of: "]") else { return (nil, nil) }
            let host = String(authority[...close])
            let after = authority[authority.index(after: close)...]
            if after.isEmpty { return (host, nil) }
            guard after.hasPrefix(":") else { return (nil, nil) }
            return (host, String(after.dropFirst()))
        }
        let pieces = authority.split(separator: ":", omittingEmptySubsequences: false)
        switch pieces.count {
        case 1: return (String(pieces[0]), nil)
        case 2: return (String(pieces[0]), String(pieces[1]))
        default: return (nil, nil)
        }
    }

    /// Letters, digits and inner hyphens in dot-separated labels (IPv4 literals pass too).
    private static func isHostName(_ host: String) -> Bool {
        guard !host.isEmpty, host.utf8.count <= 253 else { return false }
        return host.split(separator: ".", omittingEmptySubsequences: false).allSatisfy { label in
            !label.isEmpty && label.count <= 63 && !label.hasPrefix("-") && !label.hasSuffix("-")
                && label.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-") }
        }
    }
}

/// The loopback hosts a local sandbox org may listen on.
enum Loopback {
    static func isLoopback(_ host: String) -> Bool {
        if host == "localhost" || host == "[::1]" { return true }
        let octets = host.split(separator: ".", omittingEmptySubsequences: false)
        guard octets.count == 4, octets.allSatisfy({ !$0.isEmpty && $0.count <= 3 && $0.allSatisfy(\.isNumber) && (Int($0) ?? 256) <= 255 }) else {
            return false
        }
        return octets[0] == "127"
    }
}
