import Foundation
import SandboxOrg

/// A sandbox org on a free loopback port for a test: the URL it serves, and a stop.
public struct RunningSandbox: Sendable {
    public let server: SandboxServer
    public let url: String
    private let serving: Task<Void, any Error>

    /// Starts an org in a fresh temporary directory (history ending 2026-01-01, so tests see the
    /// same org every day); `configure` adjusts the rest.
    public static func start(_ configure: (inout SandboxConfiguration) -> Void = { _ in }) async throws -> RunningSandbox {
        var config = SandboxConfiguration()
        config.port = 0
        config.asOf = 1_767_225_600_000
        config.directory = FileManager.default.temporaryDirectory.appendingPathComponent("sandbox-\(UUID().uuidString)").path
        configure(&config)
        let server = try SandboxServer(configuration: config)
        let (url, serving) = try await server.startInBackground()
        return RunningSandbox(server: server, url: url, serving: serving)
    }

    public var configuration: SandboxConfiguration { server.configuration }

    public func stop() async {
        serving.cancel()
        _ = try? await serving.value
    }
}

public struct SandboxTestError: Error, CustomStringConvertible {
    public let description: String
    public init(_ description: String) { self.description = description }
}
