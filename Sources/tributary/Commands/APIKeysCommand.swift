import ArgumentParser
import Foundation
import Warehouse
import WebApp

/// `tributary api-keys add|list|revoke`: keys for scripts without the browser. The new key is
/// printed alone on the last line, so a script can take it with `tail -n 1`.
struct APIKeysCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "api-keys", abstract: "Manage API keys for /api/v1 (shown once, stored as SHA-256).",
        subcommands: [Add.self, List.self, Revoke.self])

    struct Add: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "add", abstract: "Create a key acting as a user (with that user's role at each request); prints it on the last line.")

        @Option(help: "The email of the user the key acts as.") var user: String
        @Option(help: "A name to tell the key apart (default: 'cli').") var name = "cli"
        @OptionGroup var data: DataOptions

        func run() async throws {
            do {
                let (key, secret, owner) = try await APIKeysCommand.withStore(data) { try await $0.apiKeys.create(name: name, forEmail: user) }
                say("Created API key \(key.id) '\(key.name)' acting as \(owner.email) (\(owner.role.label)).")
                if owner.role == .readOnly { say("Note: \(owner.email) is Read-Only, so the key opens no /api/v1 route until their role changes.") }
                say(secret)
            } catch let error as UserError {
                throw APIKeysError(message: error.description)
            }
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "list", abstract: "List the keys (never the keys themselves).")
        @OptionGroup var data: DataOptions

        func run() async throws {
            let keys = try await APIKeysCommand.withStore(data) { try await $0.apiKeys.all() }
            guard !keys.isEmpty else { return say("No API keys.") }
            let formatter = ISO8601DateFormatter()
            say(["id", "name", "user", "created", "last used"].joined(separator: "\t"))
            for key in keys {
                say([String(key.id), key.name, key.createdBy, formatter.string(from: key.createdAt), key.lastUsedAt.map(formatter.string) ?? "never"]
                    .joined(separator: "\t"))
            }
        }
    }

    struct Revoke: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "revoke", abstract: "Revoke a key by its id or its name.")
        @Argument(help: "The key's id or name (from `api-keys list`).") var key: String
        @OptionGroup var data: DataOptions

        func run() async throws {
            do {
                let revoked = try await APIKeysCommand.withStore(data) { try await $0.apiKeys.revoke(idOrName: key) }
                say("Revoked API key \(revoked.id) '\(revoked.name)'.")
            } catch let error as APIKeyChoiceError {
                throw APIKeysError(message: error.description)
            }
        }
    }

    /// Runs `body` on the app's store, as `serve` opens it: in the PostgreSQL warehouse with
    /// `--warehouse`, else in the data directory, where a missing file is an error rather than
    /// a fresh empty store (a typo in --data-dir would find no users anyway).
    static func withStore<T: Sendable>(_ data: DataOptions, _ body: (AppStore) async throws -> T) async throws -> T {
        if try data.postgresURL() == nil, !FileManager.default.fileExists(atPath: data.warehousePath) {
            throw APIKeysError(message: "no Tributary data in \(data.dataDir) (no \(data.warehousePath)); pass --data-dir, or --warehouse")
        }
        return try await data.withAppStore(body)
    }
}

/// A refusal of `api-keys` (an unknown user or key, no data directory): one line, exit code 1,
/// no usage text, since the command was typed right.
struct APIKeysError: Error, CustomStringConvertible {
    let message: String
    var description: String { message }
}
