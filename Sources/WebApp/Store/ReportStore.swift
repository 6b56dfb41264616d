import Analytics
import Foundation

/// Where saved reports are kept (their owner is a user).
public protocol ReportStore: Sendable {
    func createReport(_ draft: ReportDraft, owner: User) async throws -> SavedReport
    /// Replaces the report's title, query, chart and sharing; the owner stays.
    func updateReport(id: Int64, _ draft: ReportDraft) async throws
    func deleteReport(id: Int64) async throws
    func report(id: Int64) async throws -> SavedReport?
    /// The reports `user` may see: their own and every shared one, by title.
    func reports(visibleTo user: User) async throws -> [SavedReport]
    /// Every saved report, private ones included (what a removal in the warehouse would break).
    func allReports() async throws -> [SavedReport]
}

/// A report's definition as stored: `sql`, or, for a builder query, an empty `sql` and the
/// query as the API's JSON. The same columns in every store.
enum StoredReportDefinition {
    static func columns(_ definition: SavedReport.Definition) throws -> (sql: String, query: String?) {
        switch definition {
        case .sql(let text): return (text, nil)
        case .query(let spec): return ("", String(decoding: try JSONEncoder.sorted().encode(spec), as: UTF8.self))
        case .unreadable(let stored, _): return ("", stored)
        }
    }

    /// A stored row's definition and chart. An unknown chart kind (from a later version) shows
    /// no chart rather than hiding the report; a query this version cannot read is kept as
    /// stored (written back unchanged) and shown as a problem.
    static func read(sql: String, query: String?, chart: String?) -> (SavedReport.Definition, SavedReport.Chart) {
        let chart = chart.flatMap(SavedReport.Chart.init(rawValue:)) ?? .none
        guard let query else { return (.sql(sql), chart) }
        do {
            return (.query(try JSONDecoder().decode(QuerySpec.self, from: Data(query.utf8))), chart)
        } catch {
            return (.unreadable(stored: query, problem: Self.problem(error)), chart)
        }
    }

    /// What a decoding error says, in a line (which field, not the whole JSON).
    static func problem(_ error: any Error) -> String {
        if let error = error as? QueryError { return error.description }
        return switch error as? DecodingError {
        case .keyNotFound(let key, _): "it has no \(key.stringValue)"
        case .typeMismatch(_, let context), .valueNotFound(_, let context), .dataCorrupted(let context):
            context.codingPath.isEmpty ? context.debugDescription : "\(context.codingPath.map(\.stringValue).joined(separator: ".")): \(context.debugDescription)"
        default: "it is not a query's JSON"
        }
    }
}
