/// Every analysis and the warehouse columns it reads: one list, so a metric checks its own
/// needs and the Data Warehouse Manager can say what removing a column or table breaks.
public enum Analysis: String, Sendable, CaseIterable {
    case conversionBySource, conversionByCampaign, conversionByOwner, conversionByIndustry, conversionByMonth
    case timeToConvert, leadStalls, wonRevenueBySource
    case winRate, pipeline, dealSize, salesCycle, stageConversion, slippedDeals
    case leadScoring

    static let leadColumns = ["id", "createddate", "ownerid", "isconverted"]

    public var title: String {
        switch self {
        case .conversionBySource: "Lead conversion by source"
        case .conversionByCampaign: "Lead conversion by campaign"
        case .conversionByOwner: "Lead conversion by owner"
        case .conversionByIndustry: "Lead conversion by industry"
        case .conversionByMonth: "Lead conversion by month"
        case .timeToConvert: "Time to convert"
        case .leadStalls: "Where leads stall"
        case .wonRevenueBySource: "Won revenue by lead source"
        case .winRate: "Win rate"
        case .pipeline: "Pipeline"
        case .dealSize: "Average deal size"
        case .salesCycle: "Sales cycle length"
        case .stageConversion: "Stage to stage conversion"
        case .slippedDeals: "Slipped deals"
        case .leadScoring: "Lead scores"
        }
    }

    /// Table → columns the analysis cannot run without.
    public var needs: [String: [String]] {
        switch self {
        case .conversionBySource: ["sf_lead": Self.leadColumns + ["leadsource"]]
        case .conversionByCampaign: ["sf_lead": Self.leadColumns, "sf_campaignmember": ["leadid", "campaignid"]]
        case .conversionByOwner, .conversionByMonth: ["sf_lead": Self.leadColumns]
        case .conversionByIndustry: ["sf_lead": Self.leadColumns + ["industry"]]
        case .timeToConvert: ["sf_lead": Self.leadColumns + ["converteddate"]]
        case .leadStalls: ["sf_lead": Self.leadColumns + ["status"]]
        case .wonRevenueBySource: ["sf_lead": Self.leadColumns + ["leadsource", "convertedopportunityid"], "sf_opportunity": ["iswon", "amount"]]
        case .winRate: ["sf_opportunity": ["ownerid", "isclosed", "iswon", "closedate"]]
        case .pipeline: ["sf_opportunity": ["ownerid", "isclosed", "stagename", "amount", "closedate"]]
        case .dealSize: ["sf_opportunity": ["ownerid", "iswon", "amount", "closedate"]]
        case .salesCycle: ["sf_opportunity": ["ownerid", "iswon", "createddate", "closedate"]]
        case .stageConversion: ["sf_opportunityhistory": ["opportunityid", "stagename", "createddate"], "sf_opportunity": ["ownerid", "createddate"]]
        case .slippedDeals: ["sf_opportunityhistory": ["opportunityid", "closedate", "createddate"], "sf_opportunity": ["ownerid"]]
        case .leadScoring: ["sf_lead": ["id", "createddate", "isconverted", "status"]]
        }
    }

    /// The analyses that read the table (columns nil) or any of the columns.
    public static func reading(table: String, columns: [String]?) -> [Analysis] {
        allCases.filter { analysis in
            guard let used = analysis.needs[table] else { return false }
            guard let columns else { return true }
            return !Set(used).isDisjoint(with: columns)
        }
    }
}
