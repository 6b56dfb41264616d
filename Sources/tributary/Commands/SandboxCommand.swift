import ArgumentParser
import Foundation
import SandboxOrg

/// `tributary sandbox`: serves a local Salesforce org.
struct SandboxCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sandbox",
        abstract: "Serve a local Salesforce org (OAuth, REST, SOQL, Bulk API 2.0) seeded with realistic sales data."
    )

    @Option(help: "Port to listen on (0 picks a free one).") var port = 7777
    @Option(help: "Address to listen on. Keep it on loopback: the org has no real security.") var host = "127.0.0.1"
    @Option(help: "Seed of the generated data: the same seed gives the same org.") var seed: UInt64 = 42
    @Option(help: "Multiplies the base data set of about 10,000 records.") var scale = 1
    @Option(help: "The connected app's consumer key.") var clientId: String?
    @Option(help: "The connected app's consumer secret.") var clientSecret: String?
    @Option(name: .customLong("user"), help: "A user with API access, as EMAIL:PASSWORD (repeatable).") var users: [String] = []
    @Option(name: .customLong("no-api-user"), help: "A user whose profile lacks API Enabled, as EMAIL:PASSWORD (repeatable).") var noAPIUsers: [String] = []
    @Flag(help: "Answer every API call with API_DISABLED_FOR_ORG, as an edition without API access does.") var apiDisabled = false
    @Flag(help: "Serve HTTPS with a self-signed certificate (written under --data-dir).") var tls = false
    @Option(help: "PEM certificate to serve with --tls.") var tlsCert: String?
    @Option(help: "PEM private key to serve with --tls.") var tlsKey: String?
    @Option(help: "Access token lifetime in seconds (the same as --session-lifetime).") var tokenLifetime = 7_200
    @Option(help: "How long a session (access token) lives, in seconds; then INVALID_SESSION_ID.") var sessionLifetime: Int?
    @Flag(help: "Refresh Token Rotation: each refresh answers a new refresh token; reusing an old one revokes the family.") var rotateRefreshTokens = false
    @Option(help: "Extra managed-package fields (about 40-character names, with data) on Account, Contact, Lead and Opportunity.") var wideObjects = 0
    @Option(help: "Add N small custom objects (Extra001__c …) with a few fields and five records each; 280 makes a 300-object org.") var extraObjects = 0
    @Flag(help: "Archive Task and Event closed more than 365 days before --as-of: query omits them, queryAll returns them.") var archiveActivities = false
    @Flag(help: "Amounts in five currencies: CurrencyIsoCode on objects with currency fields, CurrencyType and DatedConversionRate.") var multiCurrency = false
    @Flag(help: "gzip response bodies for clients that send Accept-Encoding: gzip.") var gzip = false
    @Option(help: "Objects whose SystemModstamp, LastModifiedDate and CreatedDate describe as not filterable (comma-separated), as some production objects do.") var unfilterableDates: String?
    @Option(help: "An integration user without View All Data whose field-level security hides some fields, EMAIL:PASSWORD.") var restrictedUser: String?
    @Option(help: "plain, or production: every production hard edge on (see README).") var profile = "plain"
    @Option(help: "Daily API request limit.") var apiLimit = 1_000_000
    @Option(help: "Allowed OAuth callback URL (repeatable; default: any loopback URL).") var callbackUrl: [String] = []
    @Option(help: "Continuous activity: changes per second (0: none).") var activity = 0.0
    @Option(help: "Day the generated history ends, YYYY-MM-DD (default: today, UTC).") var asOf: String?
    @Option(help: "Directory for Tributary's files.") var dataDir = "data"

    var unfilterableDateObjects: [String] {
        unfilterableDates.map { $0.split(separator: ",", omittingEmptySubsequences: false).map { $0.trimmingCharacters(in: .whitespaces) } } ?? []
    }

    func validate() throws {
        guard (0...65_535).contains(port) else { throw ValidationError("--port must be between 0 and 65535") }
        guard (1...10_000).contains(scale) else { throw ValidationError("--scale must be between 1 and 10000") }
        guard tokenLifetime > 0 else { throw ValidationError("--token-lifetime must be positive") }
        if let sessionLifetime, sessionLifetime <= 0 { throw ValidationError("--session-lifetime must be positive") }
        guard (0...2_000).contains(wideObjects) else { throw ValidationError("--wide-objects must be between 0 and 2000") }
        guard (0...3_000).contains(extraObjects) else { throw ValidationError("--extra-objects must be between 0 and 3000") }
        guard SandboxProfile(rawValue: profile) != nil else {
            throw ValidationError("--profile takes \(SandboxProfile.allCases.map(\.rawValue).joined(separator: " or ")) (got '\(profile)')")
        }
        guard apiLimit > 0 else { throw ValidationError("--api-limit must be positive") }
        guard activity >= 0, activity <= 10_000 else { throw ValidationError("--activity must be between 0 and 10000") }
        guard (tlsCert == nil) == (tlsKey == nil) else { throw ValidationError("--tls-cert and --tls-key go together") }
        for name in unfilterableDateObjects where name.isEmpty || !name.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "_" }) {
            throw ValidationError("--unfilterable-dates takes object API names separated by commas (got '\(name)')")
        }
        for u in users + noAPIUsers + (restrictedUser.map { [$0] } ?? []) { _ = try Self.credentials(u) }
        if let asOf { _ = try Self.day(asOf) }
    }

    static func credentials(_ text: String) throws -> (String, String) {
        guard let colon = text.firstIndex(of: ":"), text[..<colon].contains("@"), colon < text.index(before: text.endIndex) else {
            throw ValidationError("--user takes EMAIL:PASSWORD, for example admin@example.com:secret (got '\(text)')")
        }
        return (String(text[..<colon]), String(text[text.index(after: colon)...]))
    }

    static func day(_ text: String) throws -> Int64 {
        let parts = text.split(separator: "-").compactMap { Int($0) }
        guard parts.count == 3, (1...12).contains(parts[1]), (1...31).contains(parts[2]) else {
            throw ValidationError("--as-of takes a date as YYYY-MM-DD (got '\(text)')")
        }
        var c = DateComponents()
        (c.year, c.month, c.day) = (parts[0], parts[1], parts[2])
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC") ?? .current
        guard let date = calendar.date(from: c) else { throw ValidationError("--as-of: no such day '\(text)'") }
        return Int64(date.timeIntervalSince1970 * 1000)
    }

    func makeConfiguration() throws -> SandboxConfiguration {
        var c = SandboxConfiguration()
        c.host = host
        c.port = port
        c.seed = seed
        c.scale = scale
        if let clientId { c.clientID = clientId }
        if let clientSecret { c.clientSecret = clientSecret }
        let apiUsers = try users.map { try Self.credentials($0) }.map { ($0.0, $0.1, true) }
        let blocked = try noAPIUsers.map { try Self.credentials($0) }.map { ($0.0, $0.1, false) }
        let defaults = SandboxConfiguration().users
        c.users = (apiUsers.isEmpty ? defaults.filter { $0.apiEnabled } : apiUsers) + (blocked.isEmpty ? defaults.filter { !$0.apiEnabled } : blocked)
        c.restrictedUser = try restrictedUser.map { try Self.credentials($0) }.map { (email: $0.0, password: $0.1) }
        c.apiDisabledForOrg = apiDisabled
        if tls || tlsCert != nil { c.tls = .init(certificatePath: tlsCert, keyPath: tlsKey) }
        c.accessTokenLifetimeSeconds = sessionLifetime ?? tokenLifetime
        c.rotateRefreshTokens = rotateRefreshTokens
        if rotateRefreshTokens { c.refreshProcessingMs = SandboxProfile.productionRefreshProcessingMs }
        c.wideObjectFields = wideObjects
        c.extraObjects = extraObjects
        c.archiveActivities = archiveActivities
        c.multiCurrency = multiCurrency
        c.compressResponses = gzip
        c.unfilterableDates = unfilterableDateObjects
        c.dailyAPIRequests = apiLimit
        c.callbackURLs = callbackUrl
        c.activityPerSecond = activity
        c.asOf = try asOf.map(Self.day)
        c.directory = dataDir + "/sandbox"
        (SandboxProfile(rawValue: profile) ?? .plain).apply(to: &c)
        return c
    }

    func run() async throws {
        let started = Date()
        let server = try SandboxServer(configuration: try makeConfiguration())
        let prepared = Date().timeIntervalSince(started)
        try await server.run { url in
            // Written unbuffered: scripts and tests read the URL from a pipe.
            FileHandle.standardOutput.write(Data((SandboxBanner.text(server: server, url: url, preparedIn: prepared) + "\n").utf8))
        }
    }
}

enum SandboxBanner {
    static func text(server: SandboxServer, url: String, preparedIn seconds: Double) -> String {
        let c = server.configuration
        let total = server.initialCounts.reduce(0) { $0 + $1.1 }
        var lines = [
            "Tributary sandbox org is running (\(total) records, seed \(c.seed), scale \(c.scale), ready in \(String(format: "%.2f", seconds)) s)",
            "  Login URL:      \(url)",
            "  Organization:   \(server.organizationID)",
            "  Client id:      \(c.clientID)",
            "  Client secret:  \(c.clientSecret)",
        ]
        for (u, configured) in zip(server.users, c.users) {
            lines.append("  User:           \(u.username) / \(configured.password)\(u.apiEnabled ? "" : "   (profile without API Enabled)")")
        }
        if let restricted = c.restrictedUser {
            let hidden = RestrictedUser.hiddenFields.sorted { $0.key < $1.key }.flatMap { object, fields in fields.map { "\(object).\($0)" } }
            lines.append("  User:           \(restricted.email) / \(restricted.password)   (integration user: no View All Data; hidden: \(hidden.joined(separator: ", ")))")
        }
        if c.apiDisabledForOrg { lines.append("  API access:     disabled for the whole org (API_DISABLED_FOR_ORG)") }
        var edges: [String] = []
        if c.archiveActivities { edges.append("archived activities") }
        if c.multiCurrency { edges.append("five currencies with dated rates") }
        if c.rotateRefreshTokens { edges.append("rotating refresh tokens") }
        if c.compressResponses { edges.append("gzip") }
        if c.wideObjectFields > 0 { edges.append("\(c.wideObjectFields) package fields per wide object") }
        if c.extraObjects > 0 { edges.append("\(c.extraObjects) extra custom objects") }
        if !c.unfilterableDates.isEmpty { edges.append("unfilterable dates on \(c.unfilterableDates.joined(separator: ", "))") }
        if !edges.isEmpty { lines.append("  Production:     \(edges.joined(separator: ", ")); sessions of \(c.accessTokenLifetimeSeconds) s") }
        if c.tls != nil, c.tls?.certificatePath == nil { lines.append("  Certificate:    \(SelfSignedCertificate.certificatePath(directory: c.directory))") }
        lines.append("  JWT key:        \(server.jwtPrivateKeyPath)")
        lines.append("  Controls:       \(url)/_sandbox/state (faults, activity: see README)")
        return lines.joined(separator: "\n")
    }
}
