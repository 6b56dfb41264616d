import Analytics
import Foundation

/// A dashboard: a title and its widgets. The built-in ones (lead optimisation, opportunities)
/// are shared with everyone and cannot be edited; users build their own from the same widgets
/// and share them, and Read-Only users see only what is shared.
struct Dashboard: Sendable, Equatable {
    enum Widget: Sendable, Equatable {
        case analysis(Analysis)
        case goal(Int64)
        /// A saved report (builder or SQL); it shows to those who may see the report.
        case report(Int64)

        /// The form's value for the widget (`analysis:winRate`, `goal:3`, `report:7`).
        var key: String {
            switch self {
            case .analysis(let a): "analysis:" + a.rawValue
            case .goal(let id): "goal:\(id)"
            case .report(let id): "report:\(id)"
            }
        }

        init?(key: String) {
            let parts = key.split(separator: ":", maxSplits: 1).map(String.init)
            guard parts.count == 2 else { return nil }
            switch parts[0] {
            case "analysis": guard let a = Analysis(rawValue: parts[1]) else { return nil }; self = .analysis(a)
            case "goal": guard let id = Int64(parts[1]) else { return nil }; self = .goal(id)
            case "report": guard let id = Int64(parts[1]) else { return nil }; self = .report(id)
            default: return nil
            }
        }
    }

    /// `leads`, `opportunities` for built-ins; the row id as text for saved ones.
    var key: String
    var title: String
    var widgets: [Widget]
    var ownerID: Int64?
    var ownerEmail: String?
    var shared: Bool

    var isBuiltIn: Bool { ownerID == nil }

    static let builtIn = [
        Dashboard(key: "leads", title: "Lead optimisation",
                  widgets: [.analysis(.conversionBySource), .analysis(.wonRevenueBySource), .analysis(.conversionByCampaign),
                            .analysis(.conversionByOwner), .analysis(.conversionByIndustry), .analysis(.conversionByMonth),
                            .analysis(.timeToConvert), .analysis(.leadStalls), .analysis(.leadScoring)],
                  ownerID: nil, ownerEmail: nil, shared: true),
        Dashboard(key: "opportunities", title: "Opportunities",
                  widgets: [.analysis(.winRate), .analysis(.pipeline), .analysis(.dealSize), .analysis(.salesCycle),
                            .analysis(.stageConversion), .analysis(.slippedDeals)],
                  ownerID: nil, ownerEmail: nil, shared: true),
    ]

    /// Whether `user` may see it: built-ins and shared ones everyone; the rest its owner and admins.
    func isVisible(to user: User) -> Bool {
        isBuiltIn || shared || ownerID == user.id || user.role == .admin
    }

    /// Whether `user` may change or delete it: its owner (not Read-Only) and admins.
    func isEditable(by user: User) -> Bool {
        !isBuiltIn && ((ownerID == user.id && user.role != .readOnly) || user.role == .admin)
    }
}
