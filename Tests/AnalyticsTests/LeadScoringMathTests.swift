@testable import Analytics
import Foundation
import Testing

/// A fixed pseudo-random sequence (SplitMix64), so data sets are the same on every run.
struct SeededRandom {
    var state: UInt64
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
    mutating func unit() -> Double { Double(next() >> 11) / Double(1 << 53) }
    mutating func below(_ n: Int) -> Int { Int(next() % UInt64(n)) }
}

/// The objective and gradient written out again here, independently of the model's code.
private func penalisedLoss(_ w: [Double], _ x: [[Double]], _ y: [Double], _ lambda: Double) -> Double {
    var total = 0.0
    for (row, label) in zip(x, y) {
        let z = zip(w, row).reduce(0) { $0 + $1.0 * $1.1 }
        total += log(1 + exp(z)) - label * z
    }
    return total + lambda / 2 * w.dropFirst().reduce(0) { $0 + $1 * $1 }
}

private func penalisedGradient(_ w: [Double], _ x: [[Double]], _ y: [Double], _ lambda: Double) -> [Double] {
    var g = w.indices.map { $0 == 0 ? 0 : lambda * w[$0] }
    for (row, label) in zip(x, y) {
        let p = 1 / (1 + exp(-zip(w, row).reduce(0) { $0 + $1.0 * $1.1 }))
        for j in g.indices { g[j] += (p - label) * row[j] }
    }
    return g
}

@Suite struct LogisticRegressionTests {
    /// One binary feature, no penalty: the MLE reproduces each group's observed rate, so
    /// intercept = logit(10/40) and slope = logit(45/60) − logit(10/40) = 2·ln 3.
    @Test func unpenalisedFitMatchesClosedFormRates() {
        var x: [[Double]] = [], y: [Double] = []
        for i in 0..<40 { x.append([1, 0]); y.append(i < 10 ? 1 : 0) }
        for i in 0..<60 { x.append([1, 1]); y.append(i < 45 ? 1 : 0) }
        let model = LogisticRegression.fit(rows: x, labels: y, lambda: 0)
        #expect(abs(model.weights[0] - log(1.0 / 3)) < 1e-9)
        #expect(abs(model.weights[1] - 2 * log(3.0)) < 1e-9)
        #expect(model.iterations < 20)
    }

    /// With a penalty there is no closed form: the fit must zero the (independently computed)
    /// gradient, and moving any weight either way must make the objective worse.
    @Test(arguments: [0.01, 1.0, 25.0])
    func penalisedFitIsTheMinimum(lambda: Double) {
        var r = SeededRandom(state: 7)
        var x: [[Double]] = [], y: [Double] = []
        for _ in 0..<300 {
            let row = [1, r.unit() * 2 - 1, r.unit() < 0.3 ? 1 : 0, (r.unit() - 0.5) * 4, r.unit()]
            let z = -0.5 + 1.5 * row[1] - 1.0 * row[2] + 0.4 * row[3]
            x.append(row)
            y.append(r.unit() < 1 / (1 + exp(-z)) ? 1 : 0)
        }
        let w = LogisticRegression.fit(rows: x, labels: y, lambda: lambda).weights
        let gradient = penalisedGradient(w, x, y, lambda)
        #expect(gradient.allSatisfy { abs($0) < 1e-7 }, "gradient \(gradient)")
        let best = penalisedLoss(w, x, y, lambda)
        for j in w.indices {
            for h in [-1e-3, 1e-3] {
                var moved = w
                moved[j] += h
                #expect(penalisedLoss(moved, x, y, lambda) > best)
            }
        }
    }

    /// Perfectly separable data have no unpenalised optimum; the penalty keeps weights finite
    /// and the step halving keeps Newton from diverging.
    @Test func separableDataStayFinite() {
        let x = (0..<20).map { [1, Double($0) - 9.5] }
        let y = (0..<20).map { $0 >= 10 ? 1.0 : 0.0 }
        let w = LogisticRegression.fit(rows: x, labels: y, lambda: 0.5).weights
        #expect(w.allSatisfy(\.isFinite) && w[1] > 0)
        #expect(penalisedGradient(w, x, y, 0.5).allSatisfy { abs($0) < 1e-7 })
    }
}

@Suite struct ModelQualityTests {
    /// Every (positive, negative) pair, ties worth one half.
    private func naiveAUC(_ s: [Double], _ y: [Double]) -> Double {
        var wins = 0.0, pairs = 0.0
        for i in s.indices where y[i] == 1 {
            for j in s.indices where y[j] == 0 {
                pairs += 1
                wins += s[i] > s[j] ? 1 : s[i] == s[j] ? 0.5 : 0
            }
        }
        return wins / pairs
    }

    @Test(arguments: [1, 2, 3, 4, 5])
    func aucAgreesWithPairCountingIncludingTies(seed: Int) throws {
        var r = SeededRandom(state: UInt64(seed))
        // Few distinct scores, so ties are everywhere.
        let scores = (0..<200).map { _ in Double(r.below(7)) / 7 }
        let labels = scores.map { r.unit() < 0.2 + 0.6 * $0 ? 1.0 : 0.0 }
        let auc = try #require(ModelQuality.auc(scores: scores, labels: labels))
        #expect(abs(auc - naiveAUC(scores, labels)) < 1e-12)
    }

    @Test func aucEdgeCases() {
        #expect(ModelQuality.auc(scores: [0.1, 0.2, 0.3, 0.4], labels: [0, 0, 1, 1]) == 1)
        #expect(ModelQuality.auc(scores: [0.1, 0.2, 0.3, 0.4], labels: [1, 1, 0, 0]) == 0)
        #expect(ModelQuality.auc(scores: [0.5, 0.5, 0.5], labels: [1, 0, 0]) == 0.5)
        #expect(ModelQuality.auc(scores: [0.5, 0.7], labels: [1, 1]) == nil)
    }

    @Test func liftOfTheTopDecile() throws {
        // 20 leads, best first; the top 2 (10%) both converted, 4 of 20 overall: 1.0 / 0.2 = 5.
        let p = (0..<20).map { 1 - Double($0) / 20 }
        var y = [Double](repeating: 0, count: 20)
        for i in [0, 1, 7, 15] { y[i] = 1 }
        #expect(abs(try #require(ModelQuality.lift(probabilities: p, labels: y)) - 5) < 1e-12)
        // Top 2 hold one conversion: 0.5 / 0.2 = 2.5. Order must not depend on input order.
        y[1] = 0; y[2] = 1
        #expect(abs(try #require(ModelQuality.lift(probabilities: p.reversed(), labels: y.reversed())) - 2.5) < 1e-12)
        #expect(ModelQuality.lift(probabilities: p, labels: [Double](repeating: 0, count: 20)) == nil)
    }

    @Test func calibrationGroupsAndBrier() {
        // 23 leads: ten groups by ascending probability, the first three of 3 leads, then 2.
        let p = (0..<23).map { Double($0) / 23 }
        let y = (0..<23).map { $0 % 3 == 0 ? 1.0 : 0.0 }
        let bins = ModelQuality.calibration(probabilities: p.reversed(), labels: y.reversed())
        #expect(bins.map(\.leads) == [3, 3, 3, 2, 2, 2, 2, 2, 2, 2])
        #expect(abs(bins[0].meanPredicted - 1.0 / 23) < 1e-12)  // leads 0, 1, 2
        #expect(abs(bins[0].observedRate - 1.0 / 3) < 1e-12)  // lead 0 converted
        #expect(abs(bins[9].meanPredicted - 21.5 / 23) < 1e-12 && bins[9].observedRate == 0.5)  // leads 21 (yes), 22
        let brier = ModelQuality.brier(probabilities: [0.8, 0.3], labels: [1, 0]) ?? -1
        #expect(abs(brier - 0.065) < 1e-12)
    }
}

@Suite struct LeadRulesTests {
    @Test func seniorityFromTitleKeywords() {
        let cases: [(String?, TitleSeniority?)] = [
            ("CEO", .cLevel), ("Chief Revenue Officer", .cLevel), ("President", .cLevel), ("Vice President, Sales", .vp),
            ("SVP Marketing", .vp), ("VP Engineering", .vp), ("Director of IT", .director), ("Head of Procurement", .director),
            ("IT Manager", .manager), ("Engineer", .other), ("Product Lead", .other), ("", nil), (nil, nil),
        ]
        for (title, level) in cases { #expect(TitleSeniority(title: title) == level, "\(title ?? "nil")") }
    }

    @Test func outcomeFromConversionAndStatus() {
        let converted: Set<String> = ["Qualified"]
        #expect(LeadOutcome(isConverted: true, status: "Qualified", convertedStatuses: converted) == .converted)
        #expect(LeadOutcome(isConverted: false, status: "Closed - Not Converted", convertedStatuses: converted) == .lost)
        #expect(LeadOutcome(isConverted: false, status: "Unqualified", convertedStatuses: converted) == .lost)
        #expect(LeadOutcome(isConverted: false, status: "Disqualified - no budget", convertedStatuses: converted) == .lost)
        #expect(LeadOutcome(isConverted: false, status: "Qualified", convertedStatuses: converted) == .inconsistent)
        #expect(LeadOutcome(isConverted: false, status: "Closed - Converted", convertedStatuses: []) == .inconsistent)
        #expect(LeadOutcome(isConverted: false, status: "Working - Contacted", convertedStatuses: converted) == .open)
        #expect(LeadOutcome(isConverted: false, status: nil, convertedStatuses: converted) == .open)
    }
}
