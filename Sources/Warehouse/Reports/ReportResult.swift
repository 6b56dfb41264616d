/// What a report query returned: the column names, the rows as text (nil for NULL), and
/// whether rows were left out, and why.
public struct ReportResult: Sendable, Equatable {
    /// Why rows were left out: the row limit, or the result's size in bytes
    /// (`ReportPolicy.defaultByteLimit`), whichever came first.
    public enum Cut: Sendable, Equatable { case rows, bytes }

    public var columns: [String]
    public var rows: [[String?]]
    public var cut: Cut?
    /// True when the query had more rows than were kept.
    public var truncated: Bool { cut != nil }

    public init(columns: [String], rows: [[String?]], cut: Cut?) {
        self.columns = columns
        self.rows = rows
        self.cut = cut
    }

    public init(columns: [String], rows: [[String?]], truncated: Bool) {
        self.init(columns: columns, rows: rows, cut: truncated ? .rows : nil)
    }
}
