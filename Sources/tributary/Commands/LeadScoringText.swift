import Analytics
import Foundation

/// The lead-scoring report as text for the terminal.
enum LeadScoringText {
    /// One or two lines: what was scored, and the holdout AUC.
    static func summary(_ r: LeadScoringReport) -> String {
        let auc = (r.holdout?.auc).map { ", holdout AUC \(f3($0))" } ?? ""
        let recent = r.tooRecent > 0 ? ", \(r.tooRecent) too recent to tell left out" : ""
        return "Lead scoring \(r.modelVersion) as of \(r.asOf): trained on \(r.converted + r.lost - r.tooRecent) leads "
            + "(\(r.converted) converted, \(r.lost) lost\(recent))\(auc). Run with --report for the figures.\n" + written(r)
    }

    static func render(_ r: LeadScoringReport, coefficients: Int = 12) -> String {
        var out = ["Lead scoring model \(r.modelVersion), as of \(r.asOf)"]
        out.append("Leads: \(r.leads) (\(r.converted) converted, \(r.lost) closed without conversion, \(r.open) open"
            + (r.inconsistent > 0 ? ", \(r.inconsistent) with a converted status but not converted, left out" : "") + ")")
        out.append("L2 strength λ = \(r.lambda) (chosen on a validation split of the training leads)")
        if let h = r.holdout {
            out.append("")
            out.append("Time-based holdout: trained on \(h.trainRows) leads created before \(h.cut), tested on the \(h.testRows) created since")
            out.append("  \(h.split)")
            out.append("  AUC             \(h.auc.map(f3) ?? "n/a")")
            out.append("  Top-decile lift \(h.topDecileLift.map { f3($0) + "×" } ?? "n/a")")
            out.append("  Brier score     \(h.brier.map(f3) ?? "n/a")")
            out.append("  Conversion rate \(pct(h.testConversionRate)) (training leads: \(pct(h.trainConversionRate)))")
            out.append("")
            out.append("Calibration (test leads in ten groups by predicted probability):")
            let rows = [["group", "leads", "predicted", "observed"]]
                + h.calibration.enumerated().map { ["\($0.offset + 1)", "\($0.element.leads)", pct($0.element.meanPredicted), pct($0.element.observedRate)] }
            out.append(indent(table(rows)))
        }
        out.append("")
        out.append("Strongest features of the final model (log-odds per level, or per standard deviation of log1p):")
        out.append(indent(table([["feature", "weight"]] + r.coefficients.prefix(coefficients).map { [$0.name, String(format: "%+.3f", $0.weight)] })))
        if !r.notes.isEmpty {
            out.append("")
            out.append("Notes:")
            out += r.notes.map { "  - " + $0 }
        }
        out.append("")
        out.append(written(r))
        return out.joined(separator: "\n")
    }

    private static func written(_ r: LeadScoringReport) -> String {
        r.scoresTable.map { "Wrote \(r.scored) open-lead scores to \($0)." } ?? "Scores not written (dry run); \(r.open) open leads."
    }

    private static func f3(_ v: Double) -> String { String(format: "%.3f", v) }
    private static func pct(_ v: Double) -> String { String(format: "%.1f%%", v * 100) }
    private static func indent(_ text: String) -> String { text.split(separator: "\n").map { "  " + $0 }.joined(separator: "\n") }

    /// Columns padded to their widest cell; the first left-aligned, the rest right-aligned.
    private static func table(_ rows: [[String]]) -> String {
        let widths = (rows.first ?? []).indices.map { i in rows.map { $0[i].count }.max() ?? 0 }
        return rows.map { row in
            row.enumerated().map { i, cell in
                let pad = String(repeating: " ", count: widths[i] - cell.count)
                return i == 0 ? cell + pad : pad + cell
            }.joined(separator: "  ")
        }.joined(separator: "\n")
    }
}
