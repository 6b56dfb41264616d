import SOQL

/// Bulk API 2.0 result CSV (RFC 4180): a header row of the SELECT names (dotted for
/// relationships), every cell quoted, embedded quotes doubled, null as `""`.
struct CSVWriter {
    let delimiter: UInt8
    let lineEnding: [UInt8]
    /// Per column: the field's position in the row when it is a field of the FROM object, else
    /// -1 (a relationship path, read through the query). Set by `reading(_:)`; reading the row
    /// directly skips the generic field access per cell.
    private var direct: [Int] = []

    init(delimiter: UInt8 = UInt8(ascii: ","), crlf: Bool = false) {
        self.delimiter = delimiter
        self.lineEnding = crlf ? [0x0D, 0x0A] : [0x0A]
    }

    func writeHeader<Out: ByteOutput & ~Copyable>(_ names: [String], into out: inout Out) {
        for (i, name) in names.enumerated() {
            if i > 0 { out.put(delimiter) }
            ValueWriter.writeCSV(.string(name), into: &out)
        }
        out.put(lineEnding)
    }

    /// The same writer, with the direct positions of `bound`'s columns resolved once.
    func reading(_ bound: BoundQuery) -> CSVWriter {
        var writer = self
        writer.direct = bound.columns.map { $0.relationshipPath.isEmpty ? $0.field.index : -1 }
        return writer
    }

    func writeRow<R: SOQLRow, Out: ByteOutput & ~Copyable>(_ row: R, bound: BoundQuery, into out: inout Out) {
        for i in bound.columns.indices {
            if i > 0 { out.put(delimiter) }
            let position = i < direct.count ? direct[i] : -1
            ValueWriter.writeCSV(position >= 0 ? row.value(at: position) : bound.value(ofColumn: i, in: row), into: &out)
        }
        out.put(lineEnding)
    }

    /// Column delimiters Bulk 2.0 accepts, by name.
    static let delimiters: [String: UInt8] = [
        "COMMA": UInt8(ascii: ","), "TAB": 0x09, "PIPE": UInt8(ascii: "|"), "SEMICOLON": UInt8(ascii: ";"),
        "CARET": UInt8(ascii: "^"), "BACKQUOTE": UInt8(ascii: "`"),
    ]
}
