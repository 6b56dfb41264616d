/// A query error as Salesforce reports it: `errorCode` plus the message body of the JSON error array.
public struct SOQLError: Error, Sendable, Hashable {
    /// Salesforce's `errorCode` (`MALFORMED_QUERY`, `INVALID_FIELD`, `INVALID_TYPE`, …).
    public var code: String
    /// The full message, in the caret format for errors tied to a position in the query.
    public var message: String

    public init(code: String, message: String) {
        self.code = code
        self.message = message
    }
}

extension SOQLError {
    static let malformedQuery = "MALFORMED_QUERY"
    static let invalidField = "INVALID_FIELD"
    static let invalidType = "INVALID_TYPE"
    static let invalidFilterOperator = "INVALID_QUERY_FILTER_OPERATOR"
    static let numberOutsideValidRange = "NUMBER_OUTSIDE_VALID_RANGE"

    /// Builds Salesforce's caret message: "\n<line>\n<spaces>^\nERROR at Row:r:Column:c\n<description>".
    /// Only the offending line is shown, as Salesforce does for multi-line queries.
    init(code: String, source: String, offset: Int, description: String) {
        let location = SourceLocation(source: source, offset: offset)
        let caret = String(repeating: " ", count: location.column - 1) + "^"
        self.init(
            code: code,
            message: "\n\(location.line)\n\(caret)\nERROR at Row:\(location.row):Column:\(location.column)\n\(description)"
        )
    }
}

/// Where a UTF-8 offset falls in a query: 1-based row and column (in characters) and the line's text.
struct SourceLocation {
    var row = 1
    var column = 1
    var line = ""

    init(source: String, offset: Int) {
        let bytes = Array(source.utf8)
        let offset = min(max(offset, 0), bytes.count)
        var lineStart = 0
        for i in 0..<offset where bytes[i] == UInt8(ascii: "\n") {
            row += 1
            lineStart = i + 1
        }
        var lineEnd = lineStart
        while lineEnd < bytes.count, bytes[lineEnd] != UInt8(ascii: "\n") { lineEnd += 1 }
        if lineEnd > lineStart, bytes[lineEnd - 1] == UInt8(ascii: "\r") { lineEnd -= 1 }
        line = String(decoding: bytes[lineStart..<lineEnd], as: UTF8.self)
        // Columns count characters, not bytes: skip UTF-8 continuation bytes.
        column = 1 + bytes[lineStart..<offset].reduce(0) { $0 + ($1 & 0xC0 == 0x80 ? 0 : 1) }
    }
}
