import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdCore
import Logging
import NIOCore
import WebForms

/// Versions, resources, limits and the landing page.
extension SandboxServer {
    /// `/services/data/`: every version from 31.0 to 64.0 with its release label.
    func versionsJSON() -> JSON {
        let seasons = ["Winter", "Spring", "Summer"]
        return .array(
            supportedVersions.map { v in
                // v31.0 was Summer '14; each release moves one season on.
                let step = v - 31 + 2
                let label = "\(seasons[step % 3]) '\(14 + (step) / 3)"
                return .object([("label", .string(label)), ("url", .string("/services/data/v\(v).0")), ("version", .string("\(v).0"))])
            })
    }

    func resourcesJSON(version: String, user: Int) -> JSON {
        let base = "/services/data/v\(version)"
        return .object(
            ["sobjects", "query", "queryAll", "limits", "jobs", "search", "recent", "tooling", "composite"].map { ($0, .string("\(base)/\($0)")) }
                + [("identity", .string(identityURL(user: user)))])
    }

    func limitsJSON() -> JSON {
        let max = Int64(configuration.dailyAPIRequests)
        let used = Int64(faults.calls)
        let jobs = Int64(self.jobs.createdCount)
        func limit(_ m: Int64, _ remaining: Int64) -> JSON { .object([("Max", .int(m)), ("Remaining", .int(Swift.max(0, remaining)))]) }
        return .object([
            ("ConcurrentAsyncGetReportInstances", limit(200, 200)), ("DailyApiRequests", limit(max, max - used)),
            ("DailyAsyncApexExecutions", limit(250_000, 250_000)), ("DailyBulkApiBatches", limit(15_000, 15_000)),
            ("DailyBulkV2QueryFileStorageMB", limit(976_562, 976_562)), ("DailyBulkV2QueryJobs", limit(10_000, 10_000 - jobs)),
            ("DataStorageMB", limit(1_024, 1_000)), ("FileStorageMB", limit(2_048, 2_048)),
            ("HourlyDashboardRefreshes", limit(200, 200)), ("SingleEmail", limit(5_000, 5_000)),
        ])
    }

    func landingPage() -> String {
        let users = auth.users.map { "<li>\(HTML.escape($0.username))\($0.apiEnabled ? "" : " (no API access)")</li>" }.joined()
        return """
            <!DOCTYPE html><html><head><meta charset="utf-8"><title>Tributary sandbox org</title></head><body style="font-family:system-ui">
            <h1>Tributary sandbox org</h1><p>A local Salesforce org for Tributary. Login URL: <code>\(HTML.escape(baseURL))</code></p>
            <p>Organization: <code>\(auth.organizationID)</code></p><ul>\(users)</ul></body></html>
            """
    }
}
