import Foundation

/// The facts about one lead from which all its fields (and its tasks, campaign memberships and
/// conversion) follow. Recomputed from the seed whenever needed; never stored.
struct LeadCore {
    var created: Int64
    var modified: Int64
    var source: Int
    var industry: Int
    var rating: Int  // -1: none
    var title: Int
    var employees: Int
    var country: Int
    var state: Int
    var firstName: Int
    var lastName: Int
    var companyStem: Int
    var companySuffix: Int
    var owner: Int
    var taskCount: Int
    var campaigns: [Int]
    /// 0 open, 1 working, 2 converted, 3 closed without conversion.
    var outcome: Int
    var convertedAt: Int64
    var conversionProbability: Double

    var company: String { Vocabulary.companyName(stem: companyStem, suffix: companySuffix) }
}

/// The facts about one opportunity: its stage path (which becomes OpportunityHistory), amount,
/// line items and outcome.
struct OpportunityCore {
    var created: Int64
    var modified: Int64
    var account: Int
    var contact: Int  // -1: none
    var lead: Int  // -1: not from a conversion
    var source: Int
    var owner: Int
    var campaign: Int  // -1: none
    var stagePath: [Int]
    var stageTimes: [Int64]
    var closeDate: Int32
    var lineItems: [(product: Int, quantity: Int)]
    var amount: Double
    var type: Int
    var taskCount: Int
    var eventCount: Int

    var stage: Int { stagePath.last ?? 0 }
    var isClosed: Bool { stage >= 8 }
    var isWon: Bool { stage == 8 }
}

extension DataGenerator {
    static let leadStream: UInt64 = 11
    static let opportunityStream: UInt64 = 13

    static func leadCore(_ i: Int, seed: UInt64, asOf: Int64, owners: Range<Int>, campaigns: Int) -> LeadCore {
        var r = RecordRandom(seed: seed, stream: leadStream, index: i)
        // Recent months have more leads: a square keeps the distribution skewed to now.
        let ageDays = Int64(730 * pow(r.unit(), 1.6))
        let created = asOf - ageDays * Time.day - Int64(r.below(Int(Time.day)))
        let source = r.weighted(Vocabulary.leadSourceWeights)
        let industry = r.below(Vocabulary.industries.count)
        let rating = r.chance(0.8) ? r.weighted([0.2, 0.45, 0.35]) : -1
        let title = r.below(Vocabulary.titles.count)
        let employees = Int(pow(10, 1 + r.unit() * 4))
        let country = r.weighted(Vocabulary.countryWeights)
        let state = r.below(Vocabulary.countries[country].states.count)
        let meanTasks = rating == 0 ? 3.0 : rating == 1 ? 2.0 : rating == 2 ? 0.7 : 1.2
        var taskCount = 0
        while taskCount < 8, r.unit() < meanTasks / (meanTasks + 1) { taskCount += 1 }
        var memberships: [Int] = []
        if campaigns > 0 {
            for _ in 0..<r.weighted([0.55, 0.33, 0.12]) { memberships.append(r.below(campaigns)) }
        }
        let seniority = Double(Vocabulary.titles[title].1)
        var logit = -2.0 + Vocabulary.leadSourceLift[source] + (rating >= 0 ? Vocabulary.ratingLift[rating] : 0)
        logit += 0.35 * (seniority - 1.5) + 0.3 * (log10(Double(employees)) - 2.5) + 0.32 * Double(taskCount)
        for c in memberships { logit += Vocabulary.campaignLift[c % Vocabulary.campaignLift.count] }
        switch Vocabulary.industries[industry] {
        case "Technology", "Finance", "Healthcare": logit += 0.35
        case "Government", "Not For Profit", "Education": logit -= 0.45
        default: break
        }
        let p = 1 / (1 + exp(-logit))
        var outcome = 0
        var convertedAt: Int64 = 0
        if ageDays >= 14 {
            if r.unit() < p {
                outcome = 2
                let span = max(3, min(ageDays - 1, 90))
                convertedAt = created + Int64(r.int(2...Int(span))) * Time.day + Int64(r.below(Int(Time.hour) * 8))
            } else if ageDays > 45, r.chance(0.75) {
                outcome = 3
            } else {
                outcome = r.chance(0.6) ? 1 : 0
            }
        } else {
            outcome = r.chance(0.4) ? 1 : 0
        }
        let lastTouch: Int64
        switch outcome {
        case 2: lastTouch = convertedAt
        // Closed as lost 45 to 60 days after it came in (as its age allows), and not changed
        // since: its last change is when it was given up.
        case 3: lastTouch = created + 45 * Time.day + Int64(r.unit() * Double(min(60, ageDays) - 45) * Double(Time.day))
        default: lastTouch = created + Int64(r.unit() * Double(asOf - created))
        }
        return LeadCore(
            created: created, modified: min(asOf, max(created, lastTouch)), source: source, industry: industry,
            rating: rating, title: title, employees: employees, country: country, state: state,
            firstName: r.below(Vocabulary.firstNames.count), lastName: r.below(Vocabulary.lastNames.count),
            companyStem: r.below(Vocabulary.companyStems.count), companySuffix: r.below(Vocabulary.companySuffixes.count),
            owner: owners.isEmpty ? 0 : owners.lowerBound + r.below(owners.count), taskCount: taskCount,
            campaigns: memberships, outcome: outcome, convertedAt: convertedAt, conversionProbability: p)
    }

    static func opportunityCore(_ o: Int, plan: OrgPlan, seed: UInt64, asOf: Int64) -> OpportunityCore {
        var r = RecordRandom(seed: seed, stream: opportunityStream, index: o)
        var created: Int64
        var source: Int
        var winLift = 0.0
        var lead = -1
        var account: Int
        var contact = -1
        var owner = plan.owners.isEmpty ? 0 : plan.owners.lowerBound + r.below(plan.owners.count)
        var campaign = -1
        if o < plan.convertedLeads.count {
            lead = Int(plan.convertedLeads[o])
            let core = leadCore(lead, seed: seed, asOf: asOf, owners: plan.owners, campaigns: plan.campaigns)
            created = core.convertedAt
            source = core.source
            owner = core.owner
            winLift = 0.5 * Vocabulary.leadSourceLift[source] + (core.rating >= 0 ? 0.5 * Vocabulary.ratingLift[core.rating] : 0)
            account = Int(plan.convertedAccount[o])
            contact = o < plan.contacts ? o : -1
            campaign = core.campaigns.first ?? -1
        } else {
            created = asOf - Int64(r.unit() * 700) * Time.day - Int64(r.below(Int(Time.day)))
            source = r.weighted(Vocabulary.leadSourceWeights)
            // An account and a contact that existed when the deal was opened.
            let existing = plan.accountOrder.pick(before: created, &r)
            account = existing >= 0 ? existing : plan.accountOrder.element(before: created, 0)
            if plan.contacts > 0, r.chance(0.7) { contact = plan.contactOrder.pick(before: created, &r) }
        }
        var items: [(Int, Int)] = []
        for _ in 0..<r.weighted([0.35, 0.35, 0.2, 0.1]) {
            items.append((r.below(Vocabulary.products.count), r.int(1...10)))
        }
        let amount: Double =
            items.isEmpty
            ? (exp(10.2 + 0.9 * (r.unit() + r.unit() - 1)) / 100).rounded() * 100
            : items.reduce(0) { $0 + Vocabulary.products[$1.0].price * Double($1.1) }
        // The stage path: forward in steps of one or two, then won or lost if the deal closed.
        let age = Double(asOf - created) / Double(Time.day)
        let closed = age > 20 && r.unit() < min(0.85, age / 200)
        var path = [0]
        let furthest = closed ? r.int(1...7) : r.int(0...7)
        while let last = path.last, last < furthest { path.append(min(furthest, last + r.int(1...2))) }
        let winP = 1 / (1 + exp(-(-0.35 + winLift + Double(path.count) * 0.08)))
        let closeDay: Int32
        if closed {
            path.append(r.unit() < winP ? 8 : 9)
            let duration = Int64(r.int(10...max(11, min(Int(age), 200))))
            closeDay = Time.days(min(asOf, created + duration * Time.day))
        } else {
            // About one open deal in eight has slipped: its close date has passed.
            closeDay = Time.days(asOf) + Int32(r.chance(0.12) ? -r.int(1...40) : r.int(5...150))
        }
        let end = closed ? Int64(closeDay) * Time.day + 17 * Time.hour : min(asOf, created + Int64(age * 0.9) * Time.day)
        var times: [Int64] = []
        for k in path.indices {
            let f = path.count == 1 ? 0 : Double(k) / Double(path.count - 1)
            times.append(created + Int64(Double(max(0, end - created)) * f))
        }
        let modified = min(asOf, (times.last ?? created) + Int64(r.below(Int(Time.hour) * 3)))
        return OpportunityCore(
            created: created, modified: modified, account: account, contact: contact, lead: lead, source: source,
            owner: owner, campaign: campaign, stagePath: path, stageTimes: times, closeDate: closeDay,
            lineItems: items, amount: amount, type: r.weighted([0.5, 0.3, 0.2]), taskCount: r.weighted([0.3, 0.3, 0.25, 0.15]),
            eventCount: r.weighted([0.5, 0.35, 0.15]))
    }
}
