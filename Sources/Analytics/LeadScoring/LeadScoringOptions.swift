import Foundation

/// How `AnalyticsService.scoreLeads` trains and what it writes.
public struct LeadScoringOptions: Sendable {
    /// The reference time: lead ages count to its day, and it is recorded as `trained_at`.
    public var asOf: Date
    /// The latest share of labelled leads (by CreatedDate) held out for testing, and also the
    /// share of the training leads used to choose λ.
    public var holdoutShare: Double
    /// Candidate L2 strengths; the one with the lowest validation log-loss is used.
    public var lambdas: [Double]
    /// Levels seen fewer times among training leads fold into "(other)"; nil: 1% of the
    /// labelled leads, at least 10.
    public var minLevelCount: Int?
    /// Use the lead's age (days since CreatedDate) as a feature. Off by default: a labelled lead's
    /// age says when its outcome was recorded (conversions come sooner than giving up), and open
    /// leads are younger than any labelled one, so the model would extrapolate a bias rather
    /// than learn a propensity.
    public var leadAge: Bool
    /// Replace `tributary_lead_scores` with the open leads' scores.
    public var writeScores: Bool
    /// Labelled leads created fewer than this many days before `asOf` are left out of training
    /// and the holdout, as their outcome is not settled (see `LeadMaturity`). nil: the
    /// close-as-lost age, estimated from the lost leads; 0: every labelled lead is used.
    public var closeAsLostDays: Int?

    public init(asOf: Date = Date(), holdoutShare: Double = 0.2, lambdas: [Double] = [0.1, 0.3, 1, 3, 10, 30, 100],
                minLevelCount: Int? = nil, leadAge: Bool = false, writeScores: Bool = true, closeAsLostDays: Int? = nil) {
        self.asOf = asOf
        self.holdoutShare = holdoutShare
        self.lambdas = lambdas
        self.minLevelCount = minLevelCount
        self.leadAge = leadAge
        self.writeScores = writeScores
        self.closeAsLostDays = closeAsLostDays
    }
}
