import Analytics
import Foundation
import Synchronization
import Warehouse

/// What dashboards, reports and the builder compute from the warehouse, each once per version
/// of the data (`ResultCache`): analysis tables, saved builder queries, and the names ids are
/// shown by. One per process, shared by the routes that show results and by the warmer.
final class AnalysisResults: Sendable {
    let warehouse: any Warehouse
    let cache: ResultCache
    /// When the data's version was last read, and what it was (`dataVersion`).
    private let versionRead = Mutex<(at: ContinuousClock.Instant, version: String)?>(nil)

    init(warehouse: any Warehouse, cache: ResultCache = ResultCache()) {
        self.warehouse = warehouse
        self.cache = cache
    }

    /// The data's version (`ResultCache.version`), read at most once a second: a page's widgets
    /// and twenty people at once share one read; a cycle's end shows within a second.
    func dataVersion() async throws -> String {
        let now = ContinuousClock.now
        if let known = versionRead.withLock({ $0 }), now - known.at < .seconds(1) { return known.version }
        let version = try await ResultCache.version(of: warehouse.metadata)
        versionRead.withLock { $0 = (now, version) }
        return version
    }

    /// An analysis's table, computed once per version of the data and filter.
    func analysisTable(_ analysis: Analysis, filter: MetricFilter, names: [String: String]) async throws -> AnalysisTable {
        let service = AnalyticsService(warehouse: warehouse)
        var key = "analysis:\(analysis.rawValue)|\(filter.from ?? "")|\(filter.to ?? "")|\(filter.ownerID ?? "")"
        // The trainer replaces the scores after a cycle has ended: their model's time keys them too.
        if analysis == .leadScoring { key += "|" + ((try? await service.modelQuality())??.trainedAt ?? "untrained") }
        return try await cache.value(key, version: try await dataVersion()) {
            try await AnalysisTable.make(analysis, service: service, filter: filter, names: names)
        }
    }

    /// The owners' names, once per version of the data.
    func ownerNames() async throws -> [(id: String, name: String)] {
        let owners: [OwnerName] = try await cache.value("owners", version: try await dataVersion()) {
            try await RecordNames(warehouse: self.warehouse).owners().map { OwnerName(id: $0.id, name: $0.name) }
        }
        return owners.map { (id: $0.id, name: $0.name) }
    }

    /// The names the analyses' ids are shown by: owners (users) and campaigns, by id (their key
    /// prefixes keep them apart), once per version of the data.
    func recordNames() async throws -> [String: String] {
        let owners = try await ownerNames()
        let campaigns: [OwnerName] = try await cache.value("campaign-names", version: try await dataVersion()) {
            try await RecordNames(warehouse: self.warehouse).idsAndNames("sf_campaign").map { OwnerName(id: $0.id, name: $0.name) }
        }
        return Dictionary(owners + campaigns.map { (id: $0.id, name: $0.name) }, uniquingKeysWith: { a, _ in a })
    }

    struct OwnerName: Sendable {
        var id: String
        var name: String
    }

    /// Runs a builder query; a query the catalog refuses (a field gone since it was saved) is a
    /// message, not an error page.
    func runQuery(_ spec: QuerySpec) async throws -> BuilderRun {
        let analytics = AnalyticsService(warehouse: warehouse)
        do {
            let fields = try await analytics.reportFields(of: spec.object)
            return BuilderRun(spec: spec, outcome: .result(try await analytics.query(spec)), fields: fields)
        } catch let error as QueryError {
            return BuilderRun(spec: spec, outcome: .failed(error.description))
        }
    }

    /// A saved query's run, once per version of the data (dashboards and report pages).
    func cachedQuery(_ spec: QuerySpec) async throws -> BuilderRun {
        let key = "query:" + String(decoding: try JSONEncoder.sorted().encode(spec), as: UTF8.self)
        return try await cache.value(key, version: try await dataVersion()) { try await self.runQuery(spec) }
    }

    /// Computes the built-in dashboards' tables (unfiltered, as most people open them) once per
    /// version of the data, so the first person after a cycle does not wait for them.
    /// - Returns: the version warmed; nil when there was no new one.
    @discardableResult
    func warmDashboards(after warmed: String?) async throws -> String? {
        let version = try await dataVersion()
        guard version != warmed, !version.isEmpty else { return nil }
        let names = try await recordNames()
        for dashboard in Dashboard.builtIn {
            for case .analysis(let analysis) in dashboard.widgets {
                do { _ = try await analysisTable(analysis, filter: .all, names: names) } catch is AnalyticsError { continue }
            }
        }
        return version
    }
}

/// A builder query's run: the query the form meant, and its answer or why there is none.
struct BuilderRun: Sendable {
    enum Outcome: Sendable {
        case result(QueryResult)
        case failed(String)
    }

    var spec: QuerySpec?
    var outcome: Outcome
    var fields: [ReportField] = []
}
