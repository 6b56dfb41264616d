import Foundation

/// Which labelled leads are old enough for their outcome to be settled. A lead converts or is
/// closed as lost some time after it comes in; among recent leads the quick conversions are
/// already labelled while the ones that will be lost are still open. Training and testing on
/// them counts those open leads as if they did not exist and makes recent leads look likelier
/// to convert than they are (the holdout, the most recent labelled leads, most of all). So only
/// leads at least the close-as-lost age old (the age by which 90% of lost leads were closed)
/// are trained and tested on; the rest are neither won nor lost yet, and are not negatives.
struct LeadMaturity: Sendable, Equatable {
    /// Leads created fewer than this many days before the reference day are left out of
    /// training and the holdout.
    var closeAsLostDays: Int

    /// The share of lost leads closed within the close-as-lost age.
    static let quantile = 0.9

    /// The close-as-lost age of `table`'s lost leads: days from CreatedDate to the last change
    /// (`daysToLastChange`, the day `OutcomeCutoff` takes as the closing), at the 90th
    /// percentile; nil without lost leads that have one.
    static func estimate(_ table: LeadFeatureTable) -> Int? {
        let days = table.outcomes.indices.compactMap { table.outcomes[$0] == .lost ? table.daysToLastChange[$0].map { max(0, $0) } : nil }.sorted()
        guard !days.isEmpty else { return nil }
        return days[min(days.count - 1, Int((Double(days.count) * quantile).rounded(.up)) - 1)]
    }

    /// Whether row `row`'s outcome is settled: it is at least the close-as-lost age old.
    func settles(_ table: LeadFeatureTable, row: Int) -> Bool { table.age[row] >= closeAsLostDays }

    /// The rule for `options` and `table`, and the notes that explain it: `options.closeAsLostDays`
    /// when given (0: every labelled lead), else the estimate; nil when there is none or it
    /// would leave fewer than `minimum` leads of either outcome.
    static func choose(_ table: LeadFeatureTable, _ options: LeadScoringOptions, minimum: Int, notes: inout [String]) -> LeadMaturity? {
        let days: Int
        if let given = options.closeAsLostDays {
            guard given > 0 else { return nil }
            days = given
        } else if let estimated = estimate(table) {
            days = estimated
        } else {
            notes.append("Recent leads: trained on whatever outcome they have; no lost lead has a LastModifiedDate to tell how long closing takes,"
                + " so the holdout's conversion rate may read high")
            return nil
        }
        let rule = LeadMaturity(closeAsLostDays: days)
        let settled = table.outcomes.indices.filter { rule.settles(table, row: $0) }
        let count = { (outcome: LeadOutcome) in settled.filter { table.outcomes[$0] == outcome }.count }
        guard count(.converted) >= minimum, count(.lost) >= minimum else {
            notes.append("Recent leads: kept, as leads older than \(days) days (the close-as-lost age) hold fewer than \(minimum) of an outcome")
            return nil
        }
        return rule
    }
}
