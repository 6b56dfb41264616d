import Foundation
import Hummingbird

/// Saved reports and dashboards as a route finds them: by the id in its path, only if the
/// signed-in user may see (or change) them; 404 or 403 otherwise, so private ids do not leak.
struct SavedItems: Sendable {
    let reports: any ReportStore
    let dashboards: any DashboardStore

    func allDashboards() async throws -> [Dashboard] { Dashboard.builtIn + (try await dashboards.dashboards()) }

    /// The dashboard named in the path, if `user` may see it.
    func dashboard(_ context: some RequestContext, for user: User) async throws -> Dashboard {
        let key = context.parameters.get("key") ?? ""
        guard let dashboard = try await allDashboards().first(where: { $0.key == key }), dashboard.isVisible(to: user) else {
            throw HTTPError(.notFound, message: "No such dashboard, or it is not shared with you.")
        }
        return dashboard
    }

    /// The dashboard named in the path if `user` may change it (its owner or an admin; never a
    /// built-in), with its row id.
    func editableDashboard(_ context: some RequestContext, for user: User) async throws -> (Dashboard, Int64) {
        let dashboard = try await dashboard(context, for: user)
        guard dashboard.isEditable(by: user), let id = Int64(dashboard.key) else { throw Forbidden() }
        return (dashboard, id)
    }

    func visibleReport(_ raw: String, session: Session) async throws -> SavedReport {
        guard let id = Int64(raw), let report = try await reports.report(id: id) else { throw HTTPError(.notFound, message: "No such report.") }
        guard ReportAccess.canView(report, session.user) else { throw Forbidden("This report is private to its owner.") }
        return report
    }

    func editableReport(_ context: some RequestContext, session: Session) async throws -> SavedReport {
        try await editableReport(id: Int64(context.parameters.get("id") ?? "") ?? -1, session: session)
    }

    func editableReport(id: Int64, session: Session) async throws -> SavedReport {
        let report = try await visibleReport(String(id), session: session)
        guard ReportAccess.canEdit(report, session.user) else { throw Forbidden("Only the report's owner (or an admin) may change or delete it.") }
        return report
    }
}
