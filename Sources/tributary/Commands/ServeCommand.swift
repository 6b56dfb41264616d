import ArgumentParser
import AsyncHTTPClient
import Configuration
import Foundation
import Hummingbird
import Logging
import ServiceLifecycle
import UnixSignals
import SandboxOrg
import Warehouse
import Sync
import WebApp

/// `tributary serve`: the web app (Hummingbird) on the embedded SQLite warehouse; `--demo` also
/// starts a sandbox org and offers it as the Salesforce to connect.
struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "serve", abstract: "Run the web app.")

    @Option(help: "Address to listen on.") var host = "127.0.0.1"
    @Option(help: "Port to listen on.") var port = 8080
    @Option(help: "The URL browsers reach Tributary at (for the OAuth callback). Also TRIBUTARY_PUBLIC_URL.") var publicUrl: String?
    @Option(help: "The Salesforce connected app's consumer key. Also TRIBUTARY_SALESFORCE_CLIENT_ID.") var clientId: String?
    @Option(help: "The connected app's consumer secret. Also TRIBUTARY_SALESFORCE_CLIENT_SECRET.") var clientSecret: String?
    @Flag(help: "Also start a local sandbox org and offer it as an environment (no Salesforce account needed).") var demo = false
    @Option(help: "With --demo: the sandbox org's port (0 picks a free one).") var sandboxPort = 7777
    @Option(help: "With --demo: the sandbox org's scale.") var sandboxScale = 1
    @Option(name: .customLong("user"), help: "With --demo: a sandbox org user with API access, as EMAIL:PASSWORD (repeatable).") var users: [String] = []
    @Flag(help: "Do not start scheduled update cycles (Force update still works).") var noSchedule = false
    @Flag(help: "Ask which tables changed without first waiting (up to a minute) for the cycle's minute to end; a change made in that minute to a table with no other change is then the next cycle's.")
    var noProbeWait = false
    @Option(help: "Reverse proxies whose X-Forwarded-For names the client, as comma-separated IPs or CIDR ranges (for the sign-in throttle). Also TRIBUTARY_TRUSTED_PROXIES. Default: none, the client is the TCP peer.")
    var trustedProxies: String?
    @Option(help: "Internal addresses or CIDR ranges webhooks may reach, comma-separated (e.g. 127.0.0.1,10.0.0.0/8); public ones always may. Also TRIBUTARY_WEBHOOK_ALLOW.")
    var webhookAllow: String?
    @Option(help: "A JSON configuration file ({\"tributary\": {\"smtp\": {\"host\": …}}}); environment variables override it, flags override both.")
    var config: String?
    @OptionGroup var data: DataOptions

    func validate() throws {
        guard (1...65_535).contains(port) else { throw ValidationError("--port must be between 1 and 65535") }
        guard (0...65_535).contains(sandboxPort) else { throw ValidationError("--sandbox-port must be between 0 and 65535") }
        guard (1...1_000).contains(sandboxScale) else { throw ValidationError("--sandbox-scale must be between 1 and 1000") }
        if let publicUrl, URL(string: publicUrl)?.host == nil { throw ValidationError("--public-url must be a URL such as https://tributary.example.com") }
        for u in users { _ = try SandboxCommand.credentials(u) }
        _ = try flagProxies()
        _ = try flagWebhookAllowlist()
    }

    /// The flag's proxies (the environment and the config file are read with the other settings).
    func flagProxies() throws -> TrustedProxies? {
        guard let trustedProxies else { return nil }
        do { return try TrustedProxies(parsing: trustedProxies) } catch { throw ValidationError("--trusted-proxies: \(error.description)") }
    }

    func flagWebhookAllowlist() throws -> WebhookAllowlist? {
        guard let webhookAllow else { return nil }
        do { return try WebhookAllowlist(parsing: webhookAllow) } catch { throw ValidationError("--webhook-allow: \(error)") }
    }

    func run() async throws {
        var configuration = WebAppConfiguration()
        configuration.host = host
        configuration.port = port
        configuration.dataDir = data.dataDir
        configuration.publicURL = publicUrl
        configuration.clientID = clientId
        configuration.clientSecret = clientSecret
        // Every setting read in one place: flags first, then the environment, then the file.
        do {
            try configuration.apply(try await WebAppConfiguration.reader(configFile: config))
        } catch let problem as ConfigurationProblem {
            throw ValidationError(problem.description)
        }
        // Flags over both.
        if let proxies = try flagProxies() { configuration.trustedProxies = proxies }
        if let allowlist = try flagWebhookAllowlist() { configuration.webhookAllow = allowlist }
        configuration.probeWaitsForMinute = !noProbeWait

        var serving: Task<Void, any Error>?
        if demo {
            var sandbox = SandboxConfiguration()
            sandbox.port = sandboxPort
            sandbox.scale = sandboxScale
            sandbox.directory = data.dataDir + "/sandbox"
            if !users.isEmpty {
                sandbox.users = try users.map { try SandboxCommand.credentials($0) }.map { ($0.0, $0.1, true) } + sandbox.users.filter { !$0.apiEnabled }
            }
            let server = try SandboxServer(configuration: sandbox)
            let (url, task) = try await server.startInBackground()
            serving = task
            say(SandboxBanner.text(server: server, url: url, preparedIn: 0))
            configuration.sandboxLoginURL = url
            configuration.clientID = configuration.clientID ?? sandbox.clientID
            configuration.clientSecret = configuration.clientSecret ?? sandbox.clientSecret
        }
        defer { serving?.cancel() }

        let (service, http) = try await data.service()
        let store = try await AppStore.forWarehouse(service.warehouse, sqlitePath: data.warehousePath)
        let app = WebApp(configuration: configuration, store: store, service: service)
        say("\nTributary is running at \(configuration.baseURL)/")
        if try await store.accounts.isEmpty { say("No users yet: open \(configuration.baseURL)/ to create the first admin (or run `tributary users add`).") }
        if configuration.clientID == nil { say("No Salesforce connected app configured: set TRIBUTARY_SALESFORCE_CLIENT_ID and _SECRET to connect a real org.") }
        // One ServiceGroup: the HTTP server, the background work (scheduler, lead-score
        // training after cycles, emails, warmer) and the clients, shut down gracefully on
        // SIGTERM or SIGINT.
        var logger = Logger(label: "tributary.serve")
        logger.logLevel = .notice
        // Services stop in reverse order: the background first (running cycles stop at their
        // last committed batch, recorded interrupted), then the server, then the clients both
        // used (the PostgreSQL pool, the HTTP client).
        let warehouse = service.warehouse
        let clients = ClientsService {
            await (warehouse as? PostgresWarehouse)?.close()
            try await http.shutdown()
        }
        let group = ServiceGroup(configuration: .init(
            services: [.init(service: clients), .init(service: app.makeApplication()), .init(service: app.backgroundService(schedule: !noSchedule))],
            gracefulShutdownSignals: [.sigterm, .sigint], logger: logger))
        try await group.run()
    }
}

/// The process's clients as a service: they live until the graceful shutdown reaches them
/// (after every service that uses them has stopped), then close.
struct ClientsService: Service {
    let close: @Sendable () async throws -> Void

    func run() async throws {
        // Returns on graceful shutdown; throws on cancellation (the group failed): close either way.
        try? await gracefulShutdown()
        try await close()
    }
}

/// `tributary users add`: a user for the web app.
struct UsersCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "users", abstract: "Manage the web app's users.", subcommands: [AddUser.self])

    struct AddUser: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "add", abstract: "Add a user; the password is read twice from a prompt, or once from stdin when it is not a terminal.")

        @Option(help: "The user's email.") var email: String
        @Option(help: "admin, standard or read-only.") var role = "standard"
        @OptionGroup var data: DataOptions

        func validate() throws {
            guard Role(rawValue: role) != nil else { throw ValidationError("--role must be admin, standard or read-only (got '\(role)')") }
        }

        func run() async throws {
            let password: String
            if isatty(STDIN_FILENO) == 1 {
                let first = String(cString: getpass("Password: "))
                let second = String(cString: getpass("Password again: "))
                guard first == second else { throw ValidationError("the passwords differ") }
                password = first
            } else {
                guard let line = readLine(strippingNewline: true) else { throw ValidationError("no password on stdin") }
                password = line
            }
            do {
                let user = try await data.withAppStore { try await $0.accounts.addUser(email: email, password: password, role: Role(rawValue: role) ?? .standard) }
                say("Added \(user.email) (\(user.role.label)).")
            } catch let error as UserError {
                throw ValidationError(error.description)
            }
        }
    }
}
