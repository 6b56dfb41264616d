import Analytics
import Foundation
import Hummingbird
import Sync
import Warehouse

/// Leads: open leads ranked by their score with the reasons, filtered by owner, source, campaign.
extension WebApp {
    func addLeadRoutes(to groups: RouteGroups) {
        groups.signedIn.get("/leads") { request, context -> Response in
            let session = context.session
            let query = WebApp.query(request)
            let pick = { (name: String) in query[name].flatMap { $0.isEmpty ? nil : String($0.prefix(200)) } }
            let filter = ScoredLeadFilter(ownerID: pick("owner"), leadSource: pick("source"), campaignID: pick("campaign"))
            let analytics = AnalyticsService(warehouse: self.service.warehouse)
            var leads: [ScoredLead] = []
            var problem: String?
            do {
                leads = try await analytics.scoredLeads(filter)
            } catch let error as AnalyticsError {
                problem = error == .missingTable(AnalyticsService.leadScoresTable)
                    ? "No scores yet: they are computed after an update cycle that brings leads (or run `tributary analyze --report`)."
                    : error.description
            }
            let choices = LeadPages.Choices(owners: try await self.ownerNames(), sources: try await self.distinct("sf_lead", "leadsource"),
                                            campaigns: try await self.idsAndNames("sf_campaign"))
            let quality = try? await analytics.modelQuality()
            let body = LeadPages.list(leads, filter: filter, choices: choices, problem: problem)
                + (quality.flatMap { $0 }.map(LeadPages.quality) ?? "")
            return WebApp.html(HTML.page("Leads", session: session, body: body))
        }
    }

    /// Distinct non-null values of a column, when the table has it.
    func distinct(_ table: String, _ column: String) async throws -> [String] {
        guard try await service.warehouse.tableSpec(table)?.column(named: column) != nil else { return [] }
        return try await service.warehouse.query("SELECT DISTINCT \(column) FROM \(table) WHERE \(column) IS NOT NULL ORDER BY 1").compactMap { $0[0] }
    }
}
