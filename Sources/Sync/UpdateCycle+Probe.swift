import Foundation
import Logging
import SalesforceKit
import Warehouse

extension UpdateCycle {
    /// Asks which tables changed (`ChangeProbe`) and gives each plan what was found, before any
    /// table is read. A probe that fails as a whole leaves every table to be read as before;
    /// only a cycle stop (quota, reauthentication) ends the cycle.
    func probed(_ plans: [TablePlan], budget: APIBudget) async throws -> [TablePlan] {
        guard options.probeChanges, !options.full, !options.structureOnly, !plans.isEmpty else { return plans }
        let now = Int64(options.clock().timeIntervalSince1970.rounded(.down))
        var targets: [ChangeProbe.Target] = []
        for plan in plans {
            let saved = try await warehouse.checkpoint(connectionID: plan.connectionID, table: plan.table).map(TableSync.copyCheckpoint)
            if let target = ChangeProbe.target(for: plan, saved: saved, lookbackSeconds: options.lookbackSeconds, now: now) {
                targets.append(target)
            }
        }
        guard !targets.isEmpty else { return plans }
        var end = options.clock()
        if options.probeWaitsForMinute, targets.contains(where: { $0.from != nil }) {
            // Salesforce answers whole minutes up to the current one's start: once the cycle's
            // minute has ended, the answers cover every change made before the cycle began.
            let minuteEnd = (end.timeIntervalSince1970 / 60).rounded(.down) * 60 + 60
            let wait = minuteEnd + 1 - end.timeIntervalSince1970
            options.logger.info("change probe waits for the minute to end", metadata: ["seconds": "\(Int(wait.rounded(.up)))"])
            try await Task.sleep(for: .seconds(wait))
            end = Date(timeIntervalSince1970: minuteEnd)
        }
        let probe = ChangeProbe(targets: targets, end: end)
        let subrequests = probe.subrequests
        try budget.check(client)
        let answers: [CompositeSubresponse]
        do {
            answers = try await client.composite(subrequests, allOrNone: false)
        } catch let error as SalesforceError {
            if case .stopCycle = SalesforceErrorClassifier.decide(error, during: .composite) { throw error }
            options.logger.notice("change probe failed: every table is read", metadata: ["error": "\(error.shortDescription)"])
            return plans
        }
        guard answers.count == subrequests.count else {
            options.logger.notice("change probe: \(answers.count) answers for \(subrequests.count) subrequests; every table is read")
            return plans
        }
        let findings = probe.findings(answers)
        return plans.map { plan in
            var plan = plan
            plan.probe = findings[plan.object]
            return plan
        }
    }
}
