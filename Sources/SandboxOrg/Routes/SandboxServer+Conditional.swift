import HTTPTypes
import SOQL

/// `If-Modified-Since` on describeGlobal and sObject describe: `304 Not Modified` with no body
/// when the schema has not changed since the given time (`EEE, dd MMM yyyy HH:mm:ss z`, GMT),
/// as Salesforce's *Get Object Metadata Changes* describes. A header that does not parse is
/// ignored (the full answer), as HTTP asks of a server.
extension SandboxServer {
    static func notModified(_ request: APIRequest, changedAt: Int64) -> Bool {
        guard let header = request.header("If-Modified-Since"), let since = httpDate(header) else { return false }
        // The header has whole seconds: a change within the named second is not after it.
        return changedAt / 1000 <= since / 1000
    }

    private static let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]

    /// `Wed, 3 Jul 2013 19:43:31 GMT` (RFC 1123, one- or two-digit day) as ms since the epoch.
    static func httpDate(_ text: String) -> Int64? {
        let words = text.split(separator: " ", omittingEmptySubsequences: true)
        guard words.count == 6, ["GMT", "UTC", "Z", "+0000"].contains(words[5]), let day = Int(words[1]), (1...31).contains(day),
            let month = months.firstIndex(of: String(words[2])), let year = Int(words[3]), words[4].count == 8
        else { return nil }
        func two(_ n: Int) -> String { n < 10 ? "0\(n)" : "\(n)" }
        return SOQLDate.parseDateTime("\(year)-\(two(month + 1))-\(two(day))T\(words[4])Z")
    }
}
