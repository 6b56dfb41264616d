/// What a lead-scoring run learnt, how well it did on leads it had not seen, and what it wrote.
public struct LeadScoringReport: Sendable, Codable, Equatable {
    /// The reference time (ISO 8601, UTC) lead ages were counted to; also the scores' `trained_at`.
    public var asOf: String
    /// Fingerprint of the final model's weights, written beside each score.
    public var modelVersion: String
    /// Leads read (with a CreatedDate), and how they divide.
    public var leads: Int
    public var converted: Int
    public var lost: Int
    public var open: Int
    /// Leads with a converted status but IsConverted false: neither trained on nor scored.
    public var inconsistent: Int
    /// The close-as-lost age in days (`LeadMaturity`): converted and lost leads younger than it
    /// are left out of training and the holdout; nil when every labelled lead was used.
    public var closeAsLostDays: Int?
    /// Converted and lost leads left out as younger than `closeAsLostDays`.
    public var tooRecent: Int
    /// The L2 strength chosen on the validation split.
    public var lambda: Double
    /// The time-based holdout; nil when the labelled leads could not be split into two sets
    /// that each hold both outcomes.
    public var holdout: Holdout?
    public var intercept: Double
    /// The final model's weights (refitted on every labelled lead), largest magnitude first.
    public var coefficients: [Coefficient]
    /// Features left out and other caveats.
    public var notes: [String]
    /// The table the scores went to (nil when not written) and how many open leads it holds.
    public var scoresTable: String?
    public var scored: Int

    /// One encoded column's weight in log-odds: per level of a one-hot feature, per standard
    /// deviation of `log1p` of a numeric one.
    public struct Coefficient: Sendable, Codable, Equatable {
        public var name: String
        public var weight: Double
    }

    /// Trained on the leads created before `cut`, tested on those created from it on.
    public struct Holdout: Sendable, Codable, Equatable {
        /// How the split was made, in a sentence for people.
        public var split: String
        public var trainRows: Int
        public var testRows: Int
        /// The CreatedDate the split is made at (the configured percentile of labelled leads).
        public var cut: String
        /// Conversion rates of the two sets, among the leads old enough for their outcome to be
        /// settled (`LeadScoringReport.closeAsLostDays`): younger ones lean to conversions, as
        /// those that will be lost are still open.
        public var trainConversionRate: Double
        public var testConversionRate: Double
        public var auc: Double?
        public var brier: Double?
        /// Conversion rate of the top-scored 10% of test leads over the test set's overall rate.
        public var topDecileLift: Double?
        /// Test leads in ten groups by predicted probability, lowest first.
        public var calibration: [CalibrationBin]
    }
}
