/// A lead's seniority read from its free-text Title by keywords. Whole words only, so "CTO"
/// is found in "CTO & Co-founder" but not inside "Director".
enum TitleSeniority: String, CaseIterable, Sendable {
    case cLevel = "C-level", vp = "VP", director = "Director", manager = "Manager", other = "Other"

    private static let chief: Set<String> = ["CEO", "CFO", "CTO", "COO", "CIO", "CMO", "CRO", "CISO", "CDO", "CHIEF", "PRESIDENT", "FOUNDER", "COFOUNDER", "OWNER"]
    private static let vice: Set<String> = ["VP", "SVP", "EVP", "AVP"]
    private static let directors: Set<String> = ["DIRECTOR", "HEAD"]
    private static let managers: Set<String> = ["MANAGER", "SUPERVISOR", "MGR"]

    /// nil for an empty or missing title (a level of its own in the model).
    init?(title: String?) {
        guard let title else { return nil }
        let words = title.uppercased().split { !$0.isLetter }.map(String.init)
        guard !words.isEmpty else { return nil }
        // "Vice President" is a VP, so it is checked before PRESIDENT counts as C-level.
        let vicePresident = zip(words, words.dropFirst()).contains { $0 == "VICE" && $1 == "PRESIDENT" }
        if vicePresident || words.contains(where: Self.vice.contains) {
            self = .vp
        } else if words.contains(where: Self.chief.contains) {
            self = .cLevel
        } else if words.contains(where: Self.directors.contains) {
            self = .director
        } else if words.contains(where: Self.managers.contains) {
            self = .manager
        } else {
            self = .other
        }
    }
}
