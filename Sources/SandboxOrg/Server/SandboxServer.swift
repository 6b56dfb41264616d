import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdCore
import HummingbirdTLS
import Logging
import NIOCore
import Synchronization

/// A local Salesforce org: OAuth, REST, SOQL and Bulk API 2.0 over HTTP(S) on loopback.
/// The org stopped before it listened (its port taken, say; the log says why).
public struct SandboxStartError: Error, CustomStringConvertible {
    public var description: String { "the sandbox org did not start (see the log above)" }
}

public final class SandboxServer: Sendable {
    public let configuration: SandboxConfiguration
    let store: OrgStore
    let auth: AuthService
    /// What each user may see (field-level security, View All Data).
    let access: AccessControl
    let faults: FaultInjector
    let cursors: QueryCursors
    let jobs: BulkJobs
    let activity: ActivityGenerator
    let supportedVersions: ClosedRange<Int> = 31...64
    let logger: Logger
    private let boundBaseURL: Mutex<String>

    /// Builds the org (the data plan takes a moment at large scales) without serving it yet.
    public init(configuration: SandboxConfiguration, logger: Logger = Logger(label: "sandbox-org")) throws {
        self.configuration = configuration
        self.logger = logger
        let clock: @Sendable () -> Int64 = configuration.clock ?? { Int64((Date().timeIntervalSince1970 * 1000).rounded(.down)) }
        let asOf = configuration.asOf ?? (clock() / 86_400_000) * 86_400_000
        // The users who sign in: the configured ones, then the restricted integration user.
        let signIns = configuration.users.map { (email: $0.email, password: $0.password, apiEnabled: $0.apiEnabled, restricted: false) }
            + (configuration.restrictedUser.map { [(email: $0.email, password: $0.password, apiEnabled: true, restricted: true)] } ?? [])
        let people = signIns.enumerated().map { i, u in
            let local = u.email.split(separator: "@").first.map(String.init) ?? "user"
            let first = local.split(separator: ".").first.map { $0.prefix(1).uppercased() + $0.dropFirst() } ?? "Sandbox"
            return GeneratorConfig.Person(
                username: u.email, firstName: first, lastName: i == 0 ? "Admin" : u.restricted ? "Integration" : "User \(i)",
                apiEnabled: u.apiEnabled, viewAllData: !u.restricted)
        }
        var generatorConfig = GeneratorConfig(seed: configuration.seed, scale: configuration.scale, asOf: asOf, people: people)
        generatorConfig.wideFields = configuration.wideObjectFields
        let unfilterable = Set(configuration.unfilterableDates)
        // Currencies first: wide fields must stay the last fields of their objects (`DataGenerator`).
        let standard = configuration.multiCurrency ? MultiCurrency.schemas(StandardObjects.all) : StandardObjects.all
        let schemas = WideFields.schemas(standard, count: configuration.wideObjectFields).map { schema in
            var schema = schema
            if unfilterable.contains(schema.name) { schema.makeUnfilterable(["SystemModstamp", "LastModifiedDate", "CreatedDate"]) }
            return schema
        }
        let extra = ExtraObjects.schemas(count: configuration.extraObjects)
        let generator = DataGenerator(config: generatorConfig, schemas: schemas + (configuration.multiCurrency ? MultiCurrency.withIsoCodes(extra) : extra))
        self.store = OrgStore(generator: generator, clock: clock)
        if configuration.archiveActivities { store.archiveActivities(before: Time.days(asOf) - ActivityArchive.retentionDays) }
        let orgID = SalesforceID.make(prefix: "00D", index: Int(configuration.seed % 1_000_000_000))
        let users = signIns.enumerated().map { i, u in
            SandboxUser(username: u.email, password: u.password, apiEnabled: u.apiEnabled, index: i)
        }
        let reps = store.generator.plan.owners
        self.access = AccessControl(Dictionary(uniqueKeysWithValues: signIns.enumerated().filter(\.element.restricted).map { i, _ in
            (i, RestrictedUser.access(schemas: schemas, reps: reps, itself: i))
        }))
        let jwtKey = try JWTKeyFile.loadOrCreate(directory: configuration.directory)
        self.auth = AuthService(
            clientID: configuration.clientID, clientSecret: configuration.clientSecret, users: users, organizationID: orgID,
            accessTokenLifetimeMs: Int64(configuration.accessTokenLifetimeSeconds) * 1000, callbackURLs: configuration.callbackURLs,
            jwtPublicKeyPEM: jwtKey.publicKeyPEM, rotatesRefreshTokens: configuration.rotateRefreshTokens,
            refreshProcessingMs: configuration.refreshProcessingMs, clock: clock)
        self.faults = FaultInjector(apiDisabledForOrg: configuration.apiDisabledForOrg)
        self.cursors = QueryCursors()
        self.jobs = BulkJobs()
        self.activity = ActivityGenerator(store: store, ratePerSecond: configuration.activityPerSecond)
        self.boundBaseURL = Mutex("\(configuration.scheme)://\(configuration.host):\(configuration.port)")
    }

    /// The URL clients reach the org at (login host and instance host are the same server).
    public var baseURL: String { boundBaseURL.withLock { $0 } }

    public var organizationID: String { auth.organizationID }
    public var users: [SandboxUser] { auth.users }
    public var jwtPrivateKeyPath: String { JWTKeyFile.privateKeyPath(directory: configuration.directory) }

    /// Record counts per object, as the org starts.
    public var initialCounts: [(String, Int)] {
        zip(store.generator.schemas, store.generator.counts).map { ($0.name, $1) }
    }

    /// Builds the Hummingbird application that serves the org.
    public func makeApplication(onRunning: @escaping @Sendable (String) async -> Void = { _ in }) throws -> some ApplicationProtocol {
        let compress = configuration.compressResponses
        let responder = CallbackResponder<BasicRequestContext> { request, context in
            let response = await self.respond(to: request, context: context)
            return compress ? ResponseCompression.unsized(response, acceptEncoding: request.headers[.acceptEncoding]) : response
        }
        let serverBuilder: HTTPServerBuilder
        let http1 = configuration.compressResponses ? ResponseCompression.http1(secure: configuration.tls != nil) : .http1()
        if let tls = configuration.tls {
            serverBuilder = try .tls(http1, tlsConfiguration: SelfSignedCertificate.tlsConfiguration(tls, directory: configuration.directory, host: configuration.host))
        } else {
            serverBuilder = http1
        }
        let scheme = configuration.scheme
        let host = configuration.host
        return Application(
            responder: responder, server: serverBuilder,
            configuration: .init(address: .hostname(host, port: configuration.port), serverName: nil),
            services: [activity],
            onServerRunning: { channel in
                let port = channel.localAddress?.port ?? self.configuration.port
                let url = "\(scheme)://\(host):\(port)"
                self.boundBaseURL.withLock { $0 = url }
                await onRunning(url)
            },
            logger: logger)
    }

    /// Serves from a background task and returns once the org listens: the URL it serves, and
    /// the task to cancel to stop it (commands and tests that run an org beside other work).
    public func startInBackground() async throws -> (url: String, serving: Task<Void, any Error>) {
        let (urls, continuation) = AsyncStream.makeStream(of: String.self)
        let serving = Task { try await run { continuation.yield($0) } }
        var iterator = urls.makeAsyncIterator()
        guard let url = await iterator.next() else {
            serving.cancel()
            throw SandboxStartError()
        }
        return (url, serving)
    }

    /// Serves until the process is interrupted.
    public func run(onRunning: @escaping @Sendable (String) async -> Void = { _ in }) async throws {
        try await makeApplication(onRunning: onRunning).runService()
    }
}
