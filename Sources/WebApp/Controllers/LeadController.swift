import Analytics
import Foundation
import Hummingbird
import Sync
import Warehouse

/// Leads: open leads ranked by their score with the reasons, filtered by owner, source, campaign.
struct LeadController: RouteController {
    let warehouse: any Warehouse

    func addRoutes(to groups: RouteGroups) {
        groups.signedIn.get("/leads") { request, context -> Response in
            let session = context.session
            let query = WebApp.query(request)
            let pick = { (name: String) in query[name].flatMap { $0.isEmpty ? nil : String($0.prefix(200)) } }
            let filter = ScoredLeadFilter(ownerID: pick("owner"), leadSource: pick("source"), campaignID: pick("campaign"))
            let analytics = AnalyticsService(warehouse: self.warehouse)
            var leads: [ScoredLead] = []
            var problem: String?
            do {
                leads = try await analytics.scoredLeads(filter)
            } catch let error as AnalyticsError {
                problem = error == .missingTable(AnalyticsService.leadScoresTable)
                    ? "No scores yet: they are computed after an update cycle that brings leads (or run `tributary analyze --report`)."
                    : error.description
            }
            let names = RecordNames(warehouse: self.warehouse)
            let choices = LeadPages.Choices(owners: try await names.owners(), sources: try await names.distinct("sf_lead", "leadsource"),
                                            campaigns: try await names.idsAndNames("sf_campaign"))
            let quality = try? await analytics.modelQuality()
            let body = LeadPages.list(leads, filter: filter, choices: choices, problem: problem)
                + (quality.flatMap { $0 }.map(LeadPages.quality) ?? "")
            return WebApp.html(HTML.page("Leads", session: session, body: body))
        }
    }
}
