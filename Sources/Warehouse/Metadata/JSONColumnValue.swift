import Foundation

/// A value kept in one metadata column as JSON text (`AccessFindings`, `FieldDetail`): read back
/// as nil when the column is empty or holds a shape this build cannot read (a later version's),
/// so an old or newer row never stops a read.
public protocol JSONColumnValue: Codable {}

extension JSONColumnValue {
    /// JSON text for the metadata column.
    public var storedText: String? {
        guard let data = try? JSONEncoder().encode(self) else { return nil }
        return String(decoding: data, as: UTF8.self)
    }

    public init?(storedText: String?) {
        guard let storedText, let value = try? JSONDecoder().decode(Self.self, from: Data(storedText.utf8)) else { return nil }
        self = value
    }
}
