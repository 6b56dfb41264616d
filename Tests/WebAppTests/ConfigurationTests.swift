import Configuration
import Foundation
import Testing

@testable import WebApp

/// Issue 18, item 6: settings read in one place (swift-configuration): the environment over a
/// file's values, flags over both, and a bad value refused with a message naming it.
@Suite struct ConfigurationTests {
    @Test func theEnvironmentIsReadAndBadValuesAreRefusedByName() throws {
        var configuration = WebAppConfiguration()
        try configuration.applyEnvironment(["TRIBUTARY_SMTP_HOST": "mail.internal", "TRIBUTARY_SMTP_PORT": "2525", "TRIBUTARY_REPORT_TIMEOUT": "45",
                                            "TRIBUTARY_SALESFORCE_CLIENT_SECRET": "s3cret", "TRIBUTARY_PUBLIC_URL": "https://bi.example.com"])
        #expect(configuration.smtpHost == "mail.internal" && configuration.smtpPort == 2525 && configuration.reportTimeout == .seconds(45))
        #expect(configuration.clientSecret == "s3cret" && configuration.baseURL == "https://bi.example.com")
        try configuration.applyEnvironment(["TRIBUTARY_TRUSTED_PROXIES": "10.0.0.0/8, 192.0.2.7", "TRIBUTARY_WEBHOOK_ALLOW": "127.0.0.1"])
        #expect(configuration.trustedProxies == (try TrustedProxies(parsing: "10.0.0.0/8,192.0.2.7")))
        #expect(configuration.webhookAllow != .publicOnly)
        // Before, each of these was ignored without a word.
        for (name, value) in [("TRIBUTARY_SMTP_PORT", "twenty-five"), ("TRIBUTARY_SMTP_PORT", "70000"), ("TRIBUTARY_SMTP_FROM", "not an address"),
                              ("TRIBUTARY_REPORT_TIMEOUT", "0"), ("TRIBUTARY_PUBLIC_URL", "bi.example.com"),
                              ("TRIBUTARY_TRUSTED_PROXIES", "10.0.0.0/40"), ("TRIBUTARY_WEBHOOK_ALLOW", "intranet.example.com")] {
            var fresh = WebAppConfiguration()
            do {
                try fresh.applyEnvironment([name: value])
                Issue.record("\(name)=\(value) was accepted")
            } catch let problem as ConfigurationProblem {
                #expect(problem.environmentVariable == name && problem.description.contains(name) && problem.description.contains(value))
            }
        }
    }

    /// Every command's environment settings go through the same provider as `serve`'s.
    @Test func commandSettingsAreReadFromTheEnvironmentByKey() {
        let environment = ["TRIBUTARY_WAREHOUSE": "postgres://tributary:pw@db/warehouse", "TRIBUTARY_CA_FILE": "", "TRIBUTARY_LOG_LEVEL": "info"]
        #expect(WebAppConfiguration.environmentSetting("tributary.warehouse", isSecret: true, environment: environment) == "postgres://tributary:pw@db/warehouse")
        #expect(WebAppConfiguration.environmentSetting("tributary.log.level", environment: environment) == "info")
        #expect(WebAppConfiguration.environmentSetting("tributary.ca.file", environment: environment) == nil, "empty is unset")
        #expect(WebAppConfiguration.environmentSetting("tributary.smtp.host", environment: environment) == nil)
    }

    @Test func theEnvironmentOverridesTheFileAndFlagsOverrideBoth() async throws {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("tributary-config-\(UUID().uuidString).json").path
        try Data(#"{"tributary": {"smtp": {"host": "file.example.com", "port": 587, "from": "bi@example.com"}, "public": {"url": "https://from-file.example.com"}}}"#.utf8)
            .write(to: URL(fileURLWithPath: file))
        defer { try? FileManager.default.removeItem(atPath: file) }
        var configuration = WebAppConfiguration()
        configuration.publicURL = "https://flag.example.com"
        try configuration.apply(try await WebAppConfiguration.reader(environment: ["TRIBUTARY_SMTP_PORT": "2525"], configFile: file))
        #expect(configuration.smtpHost == "file.example.com" && configuration.smtpFrom == "bi@example.com")
        #expect(configuration.smtpPort == 2525)
        #expect(configuration.publicURL == "https://flag.example.com")
        await #expect(throws: ConfigurationProblem.self) { try await WebAppConfiguration.reader(environment: [:], configFile: file + ".missing") }
        // The client secret is marked secret: the provider redacts it wherever it is printed.
        let printed = String(describing: WebAppConfiguration.environmentProvider(["TRIBUTARY_SALESFORCE_CLIENT_SECRET": "hunter22"]))
        #expect(!printed.contains("hunter22"))
    }
}
