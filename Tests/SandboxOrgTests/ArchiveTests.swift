import Foundation
import HTTPTypes
import HummingbirdTesting
import NIOCore
import Synchronization
import Testing

@testable import SandboxOrg

/// Archived activities: `query` leaves them out, `queryAll` returns them.
@Suite struct ArchiveTests {
    /// 2026-01-01 (the harness's `asOf`) minus 365 days.
    let cutoff = "2025-01-01"

    @Test func theDefaultOrgArchivesNothing() async throws {
        let h = try SandboxHarness()
        try await h.run { client in
            let token = try await h.passwordGrant(client)
            for object in ["Task", "Event"] {
                #expect(try await h.count(client, token, "SELECT COUNT() FROM \(object) WHERE IsArchived = true", all: true) == 0)
                let live = try await h.count(client, token, "SELECT COUNT() FROM \(object)")
                #expect(try await h.count(client, token, "SELECT COUNT() FROM \(object) WHERE IsDeleted = false", all: true) == live)
            }
        }
    }

    @Test func queryOmitsArchivedActivitiesAndQueryAllReturnsThem() async throws {
        let h = try SandboxHarness { $0.archiveActivities = true }
        try await h.run { client in
            let token = try await h.passwordGrant(client)
            // Closed tasks due, and events ended, before the cutoff: a sizeable share of the history.
            let oldTasks = try await h.count(client, token, "SELECT COUNT() FROM Task WHERE IsClosed = true AND ActivityDate < \(cutoff)", all: true)
            let allTasks = try await h.count(client, token, "SELECT COUNT() FROM Task", all: true)
            #expect(oldTasks > allTasks / 10)
            #expect(try await h.count(client, token, "SELECT COUNT() FROM Task WHERE IsArchived = true", all: true) == oldTasks)
            #expect(try await h.count(client, token, "SELECT COUNT() FROM Task WHERE IsArchived = true") == 0)
            #expect(try await h.count(client, token, "SELECT COUNT() FROM Task") == allTasks - oldTasks)
            // Open tasks stay, however old.
            let oldOpen = try await h.count(client, token, "SELECT COUNT() FROM Task WHERE IsClosed = false AND ActivityDate < \(cutoff)", all: true)
            #expect(try await h.count(client, token, "SELECT COUNT() FROM Task WHERE IsClosed = false AND ActivityDate < \(cutoff)") == oldOpen)

            let oldEvents = try await h.count(client, token, "SELECT COUNT() FROM Event WHERE EndDateTime < \(cutoff)T00:00:00Z", all: true)
            #expect(oldEvents > 0)
            #expect(try await h.count(client, token, "SELECT COUNT() FROM Event WHERE IsArchived = true", all: true) == oldEvents)
            #expect(try await h.count(client, token, "SELECT COUNT() FROM Event WHERE EndDateTime < \(cutoff)T00:00:00Z") == 0)

            // Bulk follows its operation the same way.
            let bulk = try await h.bulkJob(client, token, "SELECT Id FROM Task")
            let bulkAll = try await h.bulkJob(client, token, "SELECT Id FROM Task", operation: "queryAll")
            #expect(bulk["numberRecordsProcessed"] as? Int == allTasks - oldTasks)
            #expect(bulkAll["numberRecordsProcessed"] as? Int == allTasks)
        }
    }

    @Test func archivingNowTakesWhatCrossedTheLineSince() async throws {
        let now = Mutex<Int64>(1_767_225_600_000)  // the harness's asOf
        let h = try SandboxHarness {
            $0.archiveActivities = true
            $0.clock = { now.withLock { $0 } }
        }
        try await h.run { client in
            let token = try await h.passwordGrant(client)
            let before = try await h.count(client, token, "SELECT COUNT() FROM Task")
            let crossing = try await h.count(client, token, "SELECT COUNT() FROM Task WHERE IsClosed = true AND ActivityDate >= 2025-01-01 AND ActivityDate < 2025-03-02")
            #expect(crossing > 0)
            now.withLock { $0 += 60 * 86_400_000 }
            let renewed = try await h.passwordGrant(client)  // the first session has long expired
            // Nothing moves until the archiving job runs.
            #expect(try await h.count(client, renewed, "SELECT COUNT() FROM Task") == before)
            let answer = try await client.execute(uri: "/_sandbox/archive", method: .post) { response in
                #expect(response.status == .ok)
                return try json(response.body)
            }
            #expect(answer["cutoff"] as? String == "2025-03-02")
            let events = try await h.count(client, renewed, "SELECT COUNT() FROM Event WHERE EndDateTime >= 2025-01-01T00:00:00Z AND EndDateTime < 2025-03-02T00:00:00Z", all: true)
            #expect(answer["archived"] as? Int == crossing + events)
            #expect(try await h.count(client, renewed, "SELECT COUNT() FROM Task") == before - crossing)
        }
    }

    @Test func archivingIsOffUntilSwitchedOnAndTheProductionProfileSwitchesItOn() {
        var config = SandboxConfiguration()
        #expect(!config.archiveActivities)
        SandboxProfile.plain.apply(to: &config)
        #expect(!config.archiveActivities && !config.rotateRefreshTokens && config.wideObjectFields == 0)
        SandboxProfile.production.apply(to: &config)
        #expect(config.archiveActivities && config.rotateRefreshTokens && config.sessionBoundCursors && config.compressResponses)
        #expect(config.wideObjectFields == SandboxProfile.productionWideFields && config.refreshProcessingMs > 0)
    }
}
