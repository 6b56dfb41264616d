import SOQL

/// What every record producer needs: the config, the plan, and id helpers.
struct GeneratorContext: Sendable {
    /// Puts record N's fields into the builder, always the same fields in the same order.
    typealias Make = @Sendable (Int, inout RecordBuilder) -> Void
    let config: GeneratorConfig
    let plan: OrgPlan
    /// Key prefixes by `GeneratedObject` (nil: the object is not in the schemas). An array, not
    /// a dictionary: hashing the object's name for every id of every record showed in profiles.
    private let prefixes: [String?]
    /// Every user's id, made once: each record names its owner, creator and last modifier.
    private let userIDs: [SOQLValue]
    private let leadCores = LastCore<LeadCore>()
    private let opportunityCores = LastCore<OpportunityCore>()

    init(config: GeneratorConfig, plan: OrgPlan, schemas: [ObjectSchema]) {
        self.config = config
        self.plan = plan
        var byName: [String: String] = [:]
        for s in schemas { if let p = s.keyPrefix { byName[s.name] = p } }
        let prefixes = GeneratedObject.allCases.map { byName[$0.name] }
        self.prefixes = prefixes
        let userPrefix = prefixes[GeneratedObject.user.rawValue]
        self.userIDs = (0..<plan.users).map { i in userPrefix.map { .string(SalesforceID.make(prefix: $0, index: i)) } ?? .null }
    }

    var seed: UInt64 { config.seed }
    var asOf: Int64 { config.asOf }

    func id(_ object: GeneratedObject, _ index: Int) -> SOQLValue {
        guard index >= 0, let prefix = prefixes[object.rawValue] else { return .null }
        return .string(SalesforceID.make(prefix: prefix, index: index))
    }

    func user(_ index: Int) -> SOQLValue {
        index >= 0 && index < userIDs.count ? userIDs[index] : id(.user, index)
    }
    /// The admin who "created" reference data.
    var admin: SOQLValue { user(0) }

    /// Lead `i`'s core, for producers of its children (consecutive children share it).
    func lead(_ i: Int) -> LeadCore {
        if let hit = leadCores.cached(i) { return hit }
        let core = makeLead(i)
        leadCores.store(i, core)
        return core
    }

    /// Computed afresh: for the Lead producer itself, whose indices never repeat.
    func makeLead(_ i: Int) -> LeadCore {
        DataGenerator.leadCore(i, seed: seed, asOf: asOf, owners: plan.owners, campaigns: plan.campaigns)
    }

    func opportunity(_ o: Int) -> OpportunityCore {
        if let hit = opportunityCores.cached(o) { return hit }
        let core = makeOpportunity(o)
        opportunityCores.store(o, core)
        return core
    }

    func makeOpportunity(_ o: Int) -> OpportunityCore {
        DataGenerator.opportunityCore(o, plan: plan, seed: seed, asOf: asOf)
    }

    func random(_ stream: UInt64, _ index: Int) -> RecordRandom { RecordRandom(seed: seed, stream: stream, index: index) }

    /// The audit fields every object has, in describe order of appearance.
    func audit(into b: inout RecordBuilder, created: Int64, modified: Int64, by creator: SOQLValue, modifier: SOQLValue? = nil) {
        b.put("CreatedDate", .dateTime(created)); b.put("CreatedById", creator); b.put("LastModifiedDate", .dateTime(modified))
        b.put("LastModifiedById", modifier ?? creator); b.put("SystemModstamp", .dateTime(modified)); b.put("IsDeleted", .boolean(false))
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
        case "UserPermissionAccess": (config.people.count, userPermissions())
        case "CurrencyType": (MultiCurrency.currencies.count, currencyTypes())
        case "DatedConversionRate": (MultiCurrency.datedCurrencies.count * MultiCurrency.datedQuarters, datedConversionRates())
        default: nil
        }
    }
}

/// The objects the generator makes ids for, so an id costs an array read, not a name lookup.
enum GeneratedObject: Int, CaseIterable {
    case account, campaign, campaignMember, caseRecord, caseStatus, contact, event, invoice, lead, opportunity
    case opportunityContactRole, opportunityHistory, opportunityLineItem, pricebook2, pricebookEntry, product2, task, user

    var name: String {
        switch self {
        case .account: "Account"
        case .campaign: "Campaign"
        case .campaignMember: "CampaignMember"
        case .caseRecord: "Case"
        case .caseStatus: "CaseStatus"
        case .contact: "Contact"
        case .event: "Event"
        case .invoice: "Invoice__c"
        case .lead: "Lead"
        case .opportunity: "Opportunity"
        case .opportunityContactRole: "OpportunityContactRole"
        case .opportunityHistory: "OpportunityHistory"
        case .opportunityLineItem: "OpportunityLineItem"
        case .pricebook2: "Pricebook2"
        case .pricebookEntry: "PricebookEntry"
        case .product2: "Product2"
        case .task: "Task"
        case .user: "User"
        }
    }
}

enum CaseStatusRows {
    static let all: [(label: String, closed: Bool)] = [
        ("New", false), ("Working", false), ("Escalated", false), ("On Hold", false), ("Closed", true), ("Resolved", true),
    ]
}
