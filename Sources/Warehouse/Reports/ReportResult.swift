/// What a report query returned: the column names, the rows as text (nil for NULL), and
/// whether rows were left out because the result passed the row limit.
public struct ReportResult: Sendable, Equatable {
    public var columns: [String]
    public var rows: [[String?]]
    /// True when the query had more rows than the limit; `rows` holds the first `limit`.
    public var truncated: Bool

    public init(columns: [String], rows: [[String?]], truncated: Bool) {
        self.columns = columns
        self.rows = rows
        self.truncated = truncated
    }
}
