/// The warehouse's own small set of value types; every Salesforce field type maps to one of them.
public enum ColumnType: String, Sendable, Codable, CaseIterable {
    case text, integer, real, boolean, date, datetime, time

    /// Maps a describe `type` (salesforce-api.md §3.3). Unknown and structured types are kept as
    /// text so that a new Salesforce type never stops a sync.
    public init(salesforceType: String) {
        switch salesforceType.lowercased() {
        case "int", "long": self = .integer
        case "double", "currency", "percent": self = .real
        case "boolean": self = .boolean
        case "date": self = .date
        case "datetime": self = .datetime
        case "time": self = .time
        default: self = .text
        }
    }
}
