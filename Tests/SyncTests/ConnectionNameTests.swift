import Foundation
import SalesforceKit
import SandboxOrg
import Sync
import Testing
import Warehouse

/// Finding 8 of issue 15: every way a connection is made (web form, `tributary connect`, demo)
/// passes `ConnectionService.connect`, which refuses a name with a line break or another control
/// character before signing in or saving anything.
@Suite struct ConnectionNameTests {
    @Test func namesWithControlCharactersAreRefusedAndNothingIsSaved() async throws {
        try await withHarness { h in
            let user = h.server.configuration.users[0]
            for name in ["Acme\r\nBcc: victim@example.com", "Acme\n", "Acme\u{0}", "Acme\u{2028}X", "", String(repeating: "a", count: 101)] {
                await #expect(throws: ConnectionError.invalidName, "\(name.debugDescription)") {
                    _ = try await h.service.connect(name: name, loginHost: .localSandbox(h.baseURL), clientID: h.server.configuration.clientID,
                                                    clientSecret: h.server.configuration.clientSecret,
                                                    credentials: .password(username: user.email, password: user.password))
                }
            }
            let saved = try await h.warehouse.metadata.connections()
            #expect(saved.isEmpty)
            let trimmed = try await h.connect(name: "  Acme Ünited ")
            #expect(trimmed.name == "Acme Ünited")
        }
    }
}
