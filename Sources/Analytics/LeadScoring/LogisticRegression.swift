import Foundation

/// Logistic regression with an L2 penalty, fitted by Newton's method (IRLS) with step halving.
///
/// Newton over a few dozen encoded features converges in a handful of iterations to the unique
/// optimum (the penalty makes the objective strictly convex), deterministically; the Hessian is
/// small (d × d), so a Cholesky solve per step costs nothing next to the pass over the rows.
/// Column 0 of the design is the intercept and is not penalised.
struct LogisticRegression: Sendable, Equatable {
    /// Coefficients; `weights[0]` is the intercept.
    var weights: [Double]
    /// Newton steps taken.
    var iterations: Int

    /// - Parameters:
    ///   - rows: the design, one array of equal length per observation, column 0 all ones.
    ///   - labels: 1 for the positive class, 0 otherwise.
    ///   - lambda: the penalty λ in `NLL(w) + λ/2 · Σ_{j≥1} w_j²` (NLL summed over rows).
    static func fit(rows: [[Double]], labels: [Double], lambda: Double, maxIterations: Int = 100) -> LogisticRegression {
        let d = rows.first?.count ?? 0
        guard d > 0 else { return LogisticRegression(weights: [], iterations: 0) }
        var w = [Double](repeating: 0, count: d)
        var objective = Self.objective(w, rows: rows, labels: labels, lambda: lambda)
        var iterations = 0
        while iterations < maxIterations {
            iterations += 1
            let (gradient, hessian) = derivatives(w, rows: rows, labels: labels, lambda: lambda)
            guard let step = LinearAlgebra.solveSymmetric(hessian, gradient) else { break }
            // Halve until the objective does not rise: a full Newton step can overshoot when
            // the data are (nearly) separable and λ is small.
            var scale = 1.0
            var candidate = w
            var value = objective
            while scale > 1e-10 {
                candidate = zip(w, step).map { $0 - scale * $1 }
                value = Self.objective(candidate, rows: rows, labels: labels, lambda: lambda)
                if value <= objective + 1e-12 * max(1, abs(objective)) { break }
                scale /= 2
            }
            let moved = zip(w, candidate).map { abs($0 - $1) }.max() ?? 0
            w = candidate
            let improvement = objective - value
            objective = value
            if moved < 1e-10 || improvement < 1e-13 * max(1, abs(objective)) { break }
        }
        return LogisticRegression(weights: w, iterations: iterations)
    }

    func probability(_ row: [Double]) -> Double { Self.sigmoid(LinearAlgebra.dot(weights, row)) }

    static func sigmoid(_ z: Double) -> Double {
        z >= 0 ? 1 / (1 + exp(-z)) : exp(z) / (1 + exp(z))
    }

    /// `log(1 + e^z)` without overflow.
    static func softplus(_ z: Double) -> Double { z > 0 ? z + log1p(exp(-z)) : log1p(exp(z)) }

    /// The penalised negative log-likelihood.
    static func objective(_ w: [Double], rows: [[Double]], labels: [Double], lambda: Double) -> Double {
        var total = 0.0
        for (row, y) in zip(rows, labels) {
            let z = LinearAlgebra.dot(w, row)
            total += softplus(z) - y * z
        }
        return total + lambda / 2 * w.dropFirst().reduce(0) { $0 + $1 * $1 }
    }

    /// Gradient and Hessian of `objective` at `w`.
    static func derivatives(_ w: [Double], rows: [[Double]], labels: [Double], lambda: Double) -> ([Double], [[Double]]) {
        let d = w.count
        var gradient = [Double](repeating: 0, count: d)
        var hessian = [[Double]](repeating: [Double](repeating: 0, count: d), count: d)
        for (row, y) in zip(rows, labels) {
            let p = sigmoid(LinearAlgebra.dot(w, row))
            let r = p - y, v = p * (1 - p)
            for j in 0..<d where row[j] != 0 {
                gradient[j] += r * row[j]
                let vj = v * row[j]
                // Upper triangle only; mirrored below (one-hot rows are mostly zeros).
                for k in j..<d where row[k] != 0 { hessian[j][k] += vj * row[k] }
            }
        }
        for j in 0..<d {
            for k in 0..<j { hessian[j][k] = hessian[k][j] }
            if j > 0 {
                gradient[j] += lambda * w[j]
                hessian[j][j] += lambda
            }
        }
        // A tiny ridge on the intercept keeps the solve defined when every label is equal.
        hessian[0][0] += 1e-9
        return (gradient, hessian)
    }
}
