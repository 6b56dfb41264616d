import Foundation

/// The one check for every name and title people give things (connections, users' emails,
/// reports, dashboards, goals): names end up in email headers, logs, CSV files and HTML, where a
/// line break or other control character changes what the text means (a CR/LF in a connection
/// name became an extra email header), so none is allowed anywhere.
public enum DisplayName {
    /// `text` without surrounding white space, when it is 1…`maxLength` characters with no
    /// control character; nil otherwise.
    public static func checked(_ text: String, maxLength: Int = 100) -> String? {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        guard !trimmed.isEmpty, trimmed.count <= maxLength, !hasControlCharacters(text) else { return nil }
        return trimmed
    }

    /// True when `text` holds a control character (C0, DEL, C1), a Unicode line or paragraph
    /// separator, or a bidirectional override that makes text read differently from its bytes.
    public static func hasControlCharacters(_ text: String) -> Bool {
        text.unicodeScalars.contains { scalar in
            switch scalar.properties.generalCategory {
            case .control, .lineSeparator, .paragraphSeparator: return true
            default: return (0x202A...0x202E).contains(scalar.value) || (0x2066...0x2069).contains(scalar.value)
            }
        }
    }
}
