/// The skeleton of the generated org, computed once at start: how many records each object has
/// and how child records map to their parents (prefix sums), so that record N of any object can
/// be generated alone. It holds a few integers per lead and opportunity, never the records.
struct OrgPlan: Sendable {
    let users: Int
    let owners: Range<Int>
    let campaigns: Int
    let accounts: Int
    let contacts: Int
    let leads: Int
    let opportunities: Int
    let cases: Int
    let invoices: Int
    /// Per lead: its ordinal among converted leads, or -1.
    let convertedOrdinal: [Int32]
    /// Per conversion ordinal: the lead that converted (its contact and opportunity share the ordinal).
    let convertedLeads: [Int32]
    /// Per conversion ordinal: the account the lead converted into: one it made (the first
    /// conversions by lead, as many as there are accounts), else one that existed by then.
    let convertedAccount: [Int32]
    /// Per account made by a conversion: the lead that made it.
    let accountLeads: [Int32]
    /// Accounts and contacts by creation, for lookups to a record that existed at the time.
    let accountOrder: CreatedOrder
    let contactOrder: CreatedOrder
    let leadTasks: PrefixIndex
    let leadMemberships: PrefixIndex
    private(set) var opportunityHistory: PrefixIndex
    private(set) var opportunityLineItems: PrefixIndex
    private(set) var opportunityTasks: PrefixIndex
    private(set) var opportunityEvents: PrefixIndex

    static let convertedAccountStream: UInt64 = 59

    init(config: GeneratorConfig) {
        let s = config.scale
        users = min(1_000, max(config.people.count + 8, 10 + 5 * s))
        owners = min(users, config.people.count + 1)..<users
        campaigns = min(5_000, 10 * s + 10)
        accounts = 300 * s
        contacts = 600 * s
        leads = 1_500 * s
        opportunities = 450 * s
        cases = 150 * s
        invoices = 100 * s
        var ordinal = [Int32](repeating: -1, count: leads)
        var converted: [Int32] = []
        var convertedAt: [Int64] = []
        var taskCounts = [Int](repeating: 0, count: leads)
        var memberCounts = [Int](repeating: 0, count: leads)
        for i in 0..<leads {
            let core = DataGenerator.leadCore(i, seed: config.seed, asOf: config.asOf, owners: owners, campaigns: campaigns)
            taskCounts[i] = core.taskCount
            memberCounts[i] = core.campaigns.count
            if core.outcome == 2, converted.count < min(contacts, opportunities) {
                ordinal[i] = Int32(converted.count)
                converted.append(Int32(i))
                convertedAt.append(core.convertedAt)
            }
        }
        convertedOrdinal = ordinal
        convertedLeads = converted
        let (accounts, contacts, owners) = (accounts, contacts, owners)
        // Conversions make accounts in lead order, the earliest conversion always among them, so
        // every other conversion finds an account made before it.
        var opened = Array(0..<min(accounts, convertedAt.count))
        if let earliest = convertedAt.indices.min(by: { (convertedAt[$0], $0) < (convertedAt[$1], $1) }), earliest >= opened.count,
            !opened.isEmpty {
            opened[opened.count - 1] = earliest
        }
        accountLeads = opened.map { converted[$0] }
        let accountOrder = CreatedOrder(created: (0..<accounts).map { a in
            a < opened.count ? convertedAt[opened[a]] : DataGenerator.accountCore(a, seed: config.seed, asOf: config.asOf, owners: owners).created
        })
        self.accountOrder = accountOrder
        var account = [Int32](repeating: -1, count: convertedAt.count)
        for (a, k) in opened.enumerated() { account[k] = Int32(a) }
        for k in convertedAt.indices where account[k] < 0 {
            var r = RecordRandom(seed: config.seed, stream: Self.convertedAccountStream, index: k)
            account[k] = Int32(max(0, accountOrder.pick(before: convertedAt[k], &r)))
        }
        convertedAccount = account
        contactOrder = CreatedOrder(created: (0..<contacts).map { i in
            i < convertedAt.count ? convertedAt[i] : DataGenerator.contactCore(i, seed: config.seed, asOf: config.asOf, owners: owners).created
        })
        leadTasks = PrefixIndex(counts: taskCounts)
        leadMemberships = PrefixIndex(counts: memberCounts)
        var history = [Int](repeating: 0, count: opportunities)
        var items = history
        var tasks = history
        var events = history
        opportunityHistory = PrefixIndex(counts: [])
        opportunityLineItems = PrefixIndex(counts: [])
        opportunityTasks = PrefixIndex(counts: [])
        opportunityEvents = PrefixIndex(counts: [])
        for o in 0..<opportunities {
            let core = DataGenerator.opportunityCore(o, plan: self, seed: config.seed, asOf: config.asOf)
            history[o] = core.stagePath.count
            items[o] = core.lineItems.count
            tasks[o] = core.taskCount
            events[o] = core.eventCount
        }
        opportunityHistory = PrefixIndex(counts: history)
        opportunityLineItems = PrefixIndex(counts: items)
        opportunityTasks = PrefixIndex(counts: tasks)
        opportunityEvents = PrefixIndex(counts: events)
    }
}

/// Maps a flat child index to (parent, k-th child of that parent) by binary search over
/// cumulative counts.
struct PrefixIndex: Sendable {
    private let starts: [Int]

    init(counts: [Int]) {
        var starts = [Int]()
        starts.reserveCapacity(counts.count + 1)
        var total = 0
        for c in counts {
            starts.append(total)
            total += c
        }
        starts.append(total)
        self.starts = starts
    }

    var total: Int { starts.last ?? 0 }

    /// The flat indices of `parent`'s children (empty for a parent it does not know).
    func range(of parent: Int) -> Range<Int> {
        guard parent >= 0, parent + 1 < starts.count else { return 0..<0 }
        return starts[parent]..<starts[parent + 1]
    }

    func locate(_ child: Int) -> (parent: Int, k: Int) {
        var lo = 0
        var hi = starts.count - 1
        while lo + 1 < hi {
            let mid = (lo + hi) / 2
            if starts[mid] <= child { lo = mid } else { hi = mid }
        }
        return (lo, child - starts[lo])
    }
}
