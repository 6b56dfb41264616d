import Analytics
import Foundation
import Testing
import Warehouse

/// Lead scoring on the sandbox org, whose generator makes conversion depend on lead source,
/// industry, rating, seniority, company size and activity: a model that learns those must rank
/// the later leads it never saw well above chance.
@Suite struct LeadScoringSandboxTests {
    @Test func learnsTheSandboxOrgsConversionDriversAndScoresOpenLeads() async throws {
        try await withSyncedSandbox(scale: 2, objects: ["Lead", "Task", "Event", "CampaignMember"]) { warehouse in
            let started = ContinuousClock.now
            let asOf = Date(timeIntervalSince1970: TimeInterval(sandboxNow) / 1000)
            let report = try await AnalyticsService(warehouse: warehouse).scoreLeads(LeadScoringOptions(asOf: asOf))
            let elapsed = ContinuousClock.now - started
            let holdout = try #require(report.holdout)
            print("lead scoring on the sandbox: \(report.converted) converted, \(report.lost) lost, \(report.open) open, \(report.inconsistent) inconsistent, λ \(report.lambda);"
                + " holdout \(holdout.trainRows)/\(holdout.testRows), AUC \(holdout.auc ?? -1), lift \(holdout.topDecileLift ?? -1),"
                + " Brier \(holdout.brier ?? -1), rates \(holdout.trainConversionRate)/\(holdout.testConversionRate) cut \(holdout.cut), in \(elapsed)")
            // Measured 0.80 at scale 2 (0.81 before conversions moved activities to contacts and
            // lost leads were last changed when closed, which gave lost leads fewer tasks); chance is 0.5.
            #expect(try #require(holdout.auc) > 0.72)
            #expect(try #require(holdout.topDecileLift) > 1.2)
            // The sandbox closes lost leads 45 to 60 days in: younger leads are left out, and the
            // holdout converts as often as the training leads (50% against 39% when they were in).
            #expect((45...60).contains(try #require(report.closeAsLostDays)) && report.tooRecent > 0)
            #expect(abs(holdout.testConversionRate - holdout.trainConversionRate) < 0.05)
            // The sandbox has no events on leads: that feature is dropped as constant, and said so.
            #expect(report.notes.contains { $0.hasPrefix("Events: left out, no variation") })
            #expect(!report.notes.contains { $0.hasPrefix("Tasks") })
            // Referrals convert and bought lists do not, in the generator; the model must agree.
            let weight = { (name: String) in report.coefficients.first { $0.name == name }?.weight ?? .nan }
            #expect(weight("Lead source = Partner Referral") > weight("Lead source = Purchased List"))
            #expect(weight("Tasks (log, standardised)") > 0)

            let count = try await warehouse.query("SELECT COUNT(*), MIN(score), MAX(score) FROM tributary_lead_scores")
            #expect(count.first?[0] == String(report.open) && report.open > 0)
            let lowest = Int(count.first?[1] ?? "") ?? 100, highest = Int(count.first?[2] ?? "") ?? 0
            #expect(highest > lowest)
            let unscored = try await warehouse.query(
                "SELECT COUNT(*) FROM sf_lead l LEFT JOIN tributary_lead_scores s ON s.lead_id = l.id"
                    + " WHERE s.lead_id IS NULL AND l.isconverted = 0 AND l.status NOT LIKE 'Closed%'")
            #expect(unscored.first?[0] == "0")
        }
    }
}
