import SOQL

/// What every record producer needs: the config, the plan, and id helpers.
struct GeneratorContext: Sendable {
    typealias Make = @Sendable (Int) -> [(String, SOQLValue)]
    let config: GeneratorConfig
    let plan: OrgPlan
    private let prefixes: [String: String]

    init(config: GeneratorConfig, plan: OrgPlan, schemas: [ObjectSchema]) {
        self.config = config
        self.plan = plan
        var prefixes: [String: String] = [:]
        for s in schemas { if let p = s.keyPrefix { prefixes[s.name] = p } }
        self.prefixes = prefixes
    }

    var seed: UInt64 { config.seed }
    var asOf: Int64 { config.asOf }

    func id(_ object: String, _ index: Int) -> SOQLValue {
        guard index >= 0, let prefix = prefixes[object] else { return .null }
        return .string(SalesforceID.make(prefix: prefix, index: index))
    }

    func user(_ index: Int) -> SOQLValue { id("User", index) }
    /// The admin who "created" reference data.
    var admin: SOQLValue { user(0) }

    func lead(_ i: Int) -> LeadCore {
        DataGenerator.leadCore(i, seed: seed, asOf: asOf, owners: plan.owners, campaigns: plan.campaigns)
    }

    func opportunity(_ o: Int) -> OpportunityCore {
        DataGenerator.opportunityCore(o, plan: plan, seed: seed, asOf: asOf)
    }

    func random(_ stream: UInt64, _ index: Int) -> RecordRandom { RecordRandom(seed: seed, stream: stream, index: index) }

    /// The audit fields every object has, in describe order of appearance.
    func audit(created: Int64, modified: Int64, by creator: SOQLValue, modifier: SOQLValue? = nil) -> [(String, SOQLValue)] {
        [
            ("CreatedDate", .dateTime(created)), ("CreatedById", creator), ("LastModifiedDate", .dateTime(modified)),
            ("LastModifiedById", modifier ?? creator), ("SystemModstamp", .dateTime(modified)), ("IsDeleted", .boolean(false)),
        ]
    }

    /// Which producer makes an object's records, and how many the org starts with.
    func producer(for object: String) -> (Int, Make)? {
        switch object {
        case "User": (plan.users, users())
        case "Campaign": (plan.campaigns, campaigns())
        case "Product2": (Vocabulary.products.count, products())
        case "Pricebook2": (2, pricebooks())
        case "PricebookEntry": (2 * Vocabulary.products.count, pricebookEntries())
        case "Account": (plan.accounts, accounts())
        case "Contact": (plan.contacts, contacts())
        case "Lead": (plan.leads, leads())
        case "Opportunity": (plan.opportunities, opportunities())
        case "OpportunityHistory": (plan.opportunityHistory.total, opportunityHistory())
        case "OpportunityLineItem": (plan.opportunityLineItems.total, opportunityLineItems())
        case "OpportunityContactRole": (plan.opportunities, contactRoles())
        case "CampaignMember": (plan.leadMemberships.total, campaignMembers())
        case "Task": (plan.leadTasks.total + plan.opportunityTasks.total, tasks())
        case "Event": (plan.opportunityEvents.total, events())
        case "Case": (plan.cases, cases())
        case "Invoice__c": (plan.invoices, invoices())
        case "CaseStatus": (CaseStatusRows.all.count, caseStatuses())
        default: nil
        }
    }
}

enum CaseStatusRows {
    static let all: [(label: String, closed: Bool)] = [
        ("New", false), ("Working", false), ("Escalated", false), ("On Hold", false), ("Closed", true), ("Resolved", true),
    ]
}
