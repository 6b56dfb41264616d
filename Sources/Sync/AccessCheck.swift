import Foundation
import Rows
import SalesforceKit
import Warehouse

/// What the connection's Salesforce user can see, asked at connect and at each cycle:
/// `UserPermissionAccess` answers the calling user's effective permissions in one row (every
/// profile and permission set included), so one query tells whether it has *View All Data*.
enum AccessCheck {
    static let soql = "SELECT PermissionsViewAllData FROM UserPermissionAccess"

    /// The user's *View All Data*; nil when the org would not say (an error, no row). The
    /// cycle goes on either way: not knowing is a warning, not a failure.
    static func viewAllData(_ client: any SalesforceAPI) async throws -> Bool? {
        let page: QueryPage
        do {
            page = try await client.query(soql, fields: ["PermissionsViewAllData"], includeDeleted: false, batchSize: nil)
        } catch let error as SalesforceError {
            // A quota or a dead session ends the cycle as it would at its first describe.
            switch SalesforceErrorClassifier.decide(error, during: .query) {
            case .stopCycle(.quota): throw SyncStop.quota(error.message)
            case .stopCycle(.reauthentication): throw SyncStop.reauthentication(error.message)
            default: return nil
            }
        }
        guard page.records.rowCount > 0, let text = page.records.string(row: 0, column: 0) else { return nil }
        return text.lowercased() == "true"
    }

    /// This cycle's findings: the tables it planned are replaced, the others keep what the last
    /// check found (a cycle of some tables says nothing about the rest).
    static func findings(previous: AccessFindings?, viewAllData: Bool?, hidden: [String: [String]], planned: Set<String>,
                         at checkedAt: Date) -> AccessFindings {
        var columns = (previous?.hiddenColumns ?? [:]).filter { !planned.contains($0.key) }
        for (table, names) in hidden where !names.isEmpty { columns[table] = names.sorted() }
        return AccessFindings(viewAllData: viewAllData, hiddenColumns: columns, checkedAt: checkedAt)
    }
}
