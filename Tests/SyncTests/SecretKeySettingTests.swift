import Foundation
import Testing
import Warehouse
import WarehouseTestSupport

/// `TRIBUTARY_SECRET_KEY` as every command reads it: a bad value stops the command with a message
/// that names it (no crash, no key file made in its place).
@Suite struct SecretKeySettingTests {
    @Test(.enabled(if: FileManager.default.isExecutableFile(atPath: KillAndResumeTests.binary), "needs the built tributary executable"),
          arguments: [("", "TRIBUTARY_SECRET_KEY is set but empty"), ("not base64!", "TRIBUTARY_SECRET_KEY is not base64"),
                      (Data(repeating: 1, count: 16).base64EncodedString(), "32 bytes")])
    func aBadKeyIsRefusedByName(_ value: String, _ message: String) async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("secret-key-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        var environment = ProcessInfo.processInfo.environment
        environment[SecretBox.environmentVariable] = value
        environment["TRIBUTARY_WAREHOUSE"] = nil
        let sync = try ChildProcess.start(KillAndResumeTests.binary, ["sync", "--data-dir", directory], environment: environment)
        let status = try await sync.waitForExit(within: .seconds(60))
        #expect(sync.process.terminationReason == .exit && status != 0, "status \(status): \(sync.outputTail())")
        #expect(sync.output().contains(message), "\(sync.outputTail())")
        #expect(!FileManager.default.fileExists(atPath: directory + "/" + SecretBox.keyFileName))
    }
}
