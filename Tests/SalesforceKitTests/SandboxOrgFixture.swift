import AsyncHTTPClient
import SandboxOrg
import SandboxTestSupport

/// Runs `body` against a sandbox org on a loopback port with a client of its own, and always
/// stops both after.
func withSandboxOrg(_ configure: (inout SandboxConfiguration) -> Void = { _ in },
                    _ body: (SandboxServer, String, HTTPClient) async throws -> Void) async throws {
    let running = try await RunningSandbox.start(configure)
    let http = HTTPClient(eventLoopGroupProvider: .singleton)
    do {
        try await body(running.server, running.url, http)
    } catch {
        try? await http.shutdown()
        await running.stop()
        throw error
    }
    try await http.shutdown()
    await running.stop()
}
