import Foundation

extension JSONEncoder {
    /// Keys sorted, so the same value always gives the same text (a stored query, a page).
    static func sorted(pretty: Bool = false) -> JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting = pretty ? [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes] : [.sortedKeys]
        return encoder
    }
}
