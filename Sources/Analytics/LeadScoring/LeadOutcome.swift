/// What a lead's conversion came to, as the model is trained on it.
enum LeadOutcome: Sendable, Equatable {
    /// IsConverted: a positive example.
    case converted
    /// Closed without conversion: a negative example.
    case lost
    /// Still being worked: scored, not trained on.
    case open
    /// A status that says converted on a lead that is not (data the org left inconsistent):
    /// neither trained on nor scored.
    case inconsistent

    /// Statuses whose words mark a lead as given up.
    private static let closedWords = ["CLOSED", "UNQUALIFIED", "DISQUALIFIED"]

    /// "Closed - Converted" but not "Closed - Not Converted": for an org whose data holds no
    /// converted lead yet to learn the converted statuses from.
    private static func saysConverted(_ status: String) -> Bool {
        let s = status.uppercased()
        return s.contains("CONVERTED") && !s.contains("NOT CONVERTED") && !s.contains("UNCONVERTED")
    }

    /// - Parameters:
    ///   - convertedStatuses: the statuses converted leads carry in this org's data (a new org's
    ///     "Closed - Converted"), so a closed-looking converted status is not read as lost.
    init(isConverted: Bool, status: String?, convertedStatuses: Set<String>) {
        if isConverted {
            self = .converted
        } else if let status, convertedStatuses.contains(status) || Self.saysConverted(status) {
            self = .inconsistent
        } else if let status, Self.closedWords.contains(where: { status.uppercased().contains($0) }) {
            self = .lost
        } else {
            self = .open
        }
    }
}
