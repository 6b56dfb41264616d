import Foundation
import HTTPTypes
import Hummingbird
import NIOCore

/// CSV as RFC 4180 has it: comma-separated, CRLF line ends, a field quoted when it holds a
/// comma, quote, CR or LF, with quotes doubled.
///
/// Exports are opened in spreadsheets, which run a cell that starts with `=`, `+`, `-` or `@`
/// (or a tab or CR before one) as a formula; Salesforce text is written by anyone with a web
/// form. Such cells get a leading `'` (OWASP's advice), which spreadsheets show as text. Plain
/// numbers such as `-12.5` or `-1e3` are the exception: no spreadsheet reads them as anything
/// but a number, and amounts must stay numbers for the people who sum them.
enum CSV {
    /// NULL is an empty field and an empty string a quoted empty field (`""`), so tools that
    /// tell them apart (PostgreSQL's COPY) read back what the warehouse holds.
    static func field(_ value: String?) -> String {
        guard let raw = value else { return "" }
        let value = neutralised(raw)
        guard value.isEmpty || value.contains(where: { $0 == "," || $0 == "\"" || $0 == "\r" || $0 == "\n" || $0 == "\r\n" }) else { return value }
        return "\"" + value.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }

    /// The cell as a spreadsheet shows it as text: a `'` before a formula's first character.
    static func neutralised(_ value: String) -> String {
        guard let first = value.unicodeScalars.first, formulaStarts.contains(first), !isPlainNumber(value) else { return value }
        return "'" + value
    }

    static let formulaStarts: Set<Unicode.Scalar> = ["=", "+", "-", "@", "\t", "\r"]

    /// An optional sign, digits with at most one point, and an optional exponent: nothing a
    /// spreadsheet could take for a formula.
    static func isPlainNumber(_ value: String) -> Bool {
        value.wholeMatch(of: /[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?/) != nil
    }

    static func document(columns: [String], rows: [[String?]]) -> String {
        var out = columns.map(field).joined(separator: ",") + "\r\n"
        for row in rows { out += row.map(field).joined(separator: ",") + "\r\n" }
        return out
    }

    /// A download name from a report title: letters, digits, '-' and '_' only, so the
    /// Content-Disposition header needs no quoting rules beyond its quotes.
    static func filename(_ title: String) -> String {
        var name = ""
        for scalar in title.unicodeScalars {
            if scalar.isASCII, scalar.properties.isAlphabetic || ("0"..."9").contains(scalar) || scalar == "_" {
                name.unicodeScalars.append(scalar)
            } else if !name.isEmpty, !name.hasSuffix("-") {
                name += "-"
            }
        }
        while name.hasSuffix("-") { name.removeLast() }
        return (name.isEmpty ? "report" : String(name.prefix(80))) + ".csv"
    }
}

extension CSV {
    /// A CSV download named after `title`; `truncated` says in a header that rows were left out
    /// (a download has no page to say so).
    static func response(title: String, columns: [String], rows: [[String?]], truncated: Bool = false) -> Response {
        var headers: HTTPFields = [.contentType: "text/csv; charset=utf-8", .cacheControl: "no-store",
                                   .contentDisposition: #"attachment; filename="\#(filename(title))""#]
        if truncated, let name = HTTPField.Name("X-Tributary-Truncated") { headers[name] = "true" }
        return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(string: document(columns: columns, rows: rows))))
    }
}
