import Foundation

/// How well predicted probabilities separate and match outcomes (labels are 0 or 1).
enum ModelQuality {
    /// Area under the ROC curve by ranks (Mann–Whitney U): the chance that a random positive
    /// is scored above a random negative, ties counting one half. Tied scores share their mean
    /// rank, which is exactly that half credit. nil without both classes.
    static func auc(scores: [Double], labels: [Double]) -> Double? {
        let positives = labels.filter { $0 == 1 }.count, negatives = labels.count - positives
        guard positives > 0, negatives > 0 else { return nil }
        let order = scores.indices.sorted { scores[$0] < scores[$1] }
        var rankSum = 0.0
        var start = 0
        while start < order.count {
            var end = start
            while end + 1 < order.count, scores[order[end + 1]] == scores[order[start]] { end += 1 }
            let meanRank = Double(start + end) / 2 + 1
            for i in start...end where labels[order[i]] == 1 { rankSum += meanRank }
            start = end + 1
        }
        let p = Double(positives), n = Double(negatives)
        return (rankSum - p * (p + 1) / 2) / (p * n)
    }

    /// Mean squared difference between probability and outcome.
    static func brier(probabilities: [Double], labels: [Double]) -> Double? {
        guard !labels.isEmpty else { return nil }
        return zip(probabilities, labels).reduce(0) { $0 + ($1.0 - $1.1) * ($1.0 - $1.1) } / Double(labels.count)
    }

    /// The rows ordered by descending probability, ties in their original order, so every cut
    /// (deciles, top share) is deterministic.
    static func descending(_ probabilities: [Double]) -> [Int] {
        probabilities.indices.sorted { probabilities[$0] > probabilities[$1] || (probabilities[$0] == probabilities[$1] && $0 < $1) }
    }

    /// The conversion rate among the top `share` of rows by probability (at least one row),
    /// divided by the overall rate; nil when there are no rows or no positives.
    static func lift(probabilities: [Double], labels: [Double], share: Double = 0.1) -> Double? {
        let positives = labels.reduce(0, +)
        guard !labels.isEmpty, positives > 0 else { return nil }
        let top = max(1, Int((Double(labels.count) * share).rounded(.up)))
        let hits = descending(probabilities).prefix(top).reduce(0) { $0 + labels[$1] }
        return (hits / Double(top)) / (positives / Double(labels.count))
    }

    /// Rows split into `groups` near-equal groups by ascending probability (the first
    /// `count % groups` groups one row larger), each with its mean probability and observed rate.
    static func calibration(probabilities: [Double], labels: [Double], groups: Int = 10) -> [CalibrationBin] {
        let order = Array(descending(probabilities).reversed())
        let n = order.count, k = min(groups, n)
        guard k > 0 else { return [] }
        var bins: [CalibrationBin] = []
        var start = 0
        for g in 0..<k {
            let size = n / k + (g < n % k ? 1 : 0)
            let members = order[start..<(start + size)]
            start += size
            let count = Double(members.count)
            bins.append(CalibrationBin(
                leads: members.count,
                meanPredicted: members.reduce(0) { $0 + probabilities[$1] } / count,
                observedRate: members.reduce(0) { $0 + labels[$1] } / count))
        }
        return bins
    }
}

/// One group of the calibration table.
public struct CalibrationBin: Sendable, Codable, Equatable {
    public var leads: Int
    public var meanPredicted: Double
    public var observedRate: Double

    public init(leads: Int, meanPredicted: Double, observedRate: Double) {
        self.leads = leads
        self.meanPredicted = meanPredicted
        self.observedRate = observedRate
    }
}
