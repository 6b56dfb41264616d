import ArgumentParser
import Foundation
import SalesforceKit
import Sync
import Warehouse

/// `tributary connect salesforce`: stores a connection for headless use (scripts, servers).
struct ConnectCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "connect", abstract: "Connect a data source.", subcommands: [ConnectSalesforce.self])
}

struct ConnectSalesforce: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "salesforce",
        abstract: "Sign in to a Salesforce org (username-password or JWT bearer flow), check its API access and store the connection.")

    @Option(help: "A name for the connection.") var name: String
    @Option(help: "https://login.salesforce.com, https://test.salesforce.com, a My Domain URL, or a sandbox org's URL.")
    var loginUrl = "https://login.salesforce.com"
    @Option(help: "The connected app's consumer key.") var clientId: String
    @Option(help: "The connected app's consumer secret (username-password flow).") var clientSecret: String?
    @Option(help: "The Salesforce username.") var username: String
    @Option(help: "The password (with the security token appended when the org needs one).") var password: String?
    @Option(help: "PEM private key of the connected app's certificate (JWT bearer flow).") var jwtKey: String?
    @OptionGroup var data: DataOptions

    func validate() throws {
        guard DisplayName.checked(name) != nil else {
            throw ValidationError("--name must have 1 to 100 characters and no line breaks or other control characters")
        }
        _ = try loginHost()
        switch (password, jwtKey) {
        case (nil, nil): throw ValidationError("give --password (with --client-secret) or --jwt-key")
        case (.some, .some): throw ValidationError("give either --password or --jwt-key, not both")
        case (.some, nil) where clientSecret == nil: throw ValidationError("the username-password flow needs --client-secret")
        default: break
        }
    }

    /// A Salesforce host over https, or a local sandbox org on loopback: naming one here is the
    /// operator's explicit choice, which the web form's My Domain field never offers.
    func loginHost() throws -> LoginHost {
        do {
            return try LoginHost(url: loginUrl, policy: .salesforceOrLocalSandbox)
        } catch {
            throw ValidationError("--login-url must be https://login.salesforce.com, https://test.salesforce.com, a My Domain URL, or a sandbox org on this machine (\(error))")
        }
    }

    func run() async throws {
        let credentials: ConnectionCredentials
        if let jwtKey {
            guard let pem = try? String(contentsOfFile: jwtKey, encoding: .utf8) else { throw ValidationError("--jwt-key: cannot read '\(jwtKey)'") }
            credentials = .jwt(username: username, privateKeyPEM: pem)
        } else {
            credentials = .password(username: username, password: password ?? "")
        }
        let host = try loginHost()
        let record = try await withService(data) { service in
            try await service.connect(name: name, loginHost: host, clientID: clientId, clientSecret: clientSecret, credentials: credentials)
        }
        print("Connected '\(record.name)': org \(record.organizationID ?? "?") as \(record.username ?? "?") at \(record.instanceURL ?? "?").")
        print("Next: tributary sync --connection '\(record.name)' --data-dir \(data.dataDir)")
    }
}
