import SOQL

extension GeneratorContext {
    static let campaignStream: UInt64 = 37
    static let memberStream: UInt64 = 43
    static let taskStream: UInt64 = 47
    static let eventStream: UInt64 = 53

    func campaigns() -> Make {
        { i in
            var r = random(GeneratorContext.campaignStream, i)
            let start = Time.days(asOf) - Int32(r.int(-60...700))
            let end = start + Int32(r.int(1...60))
            let today = Time.days(asOf)
            let status = end < today ? "Completed" : start > today ? "Planned" : "In Progress"
            let type = Vocabulary.campaignTypes[i % Vocabulary.campaignTypes.count]
            let created = Int64(start - 30) * Time.day
            let budget = Double(r.int(5...200)) * 1000
            return [
                ("Id", id(.campaign, i)), ("Name", .string("\(Vocabulary.campaignNames[i % Vocabulary.campaignNames.count]) \(SOQLDate.civil(fromDays: start).year) #\(i + 1)")),
                ("ParentId", .null), ("Type", .string(type)), ("Status", .string(status)), ("StartDate", .date(start)),
                ("EndDate", .date(end)), ("ExpectedRevenue", .number(budget * 5)), ("BudgetedCost", .number(budget)),
                ("ActualCost", status == "Planned" ? .null : .number((budget * (0.7 + r.unit() * 0.5)).rounded())),
                ("ExpectedResponse", .number(Double(r.int(1...20)))), ("NumberSent", .number(Double(r.int(100...20_000)))),
                ("IsActive", .boolean(status != "Completed")), ("Description", .null), ("OwnerId", admin),
            ] + rollups(&r, started: status != "Planned") + audit(created: min(asOf, created), modified: min(asOf, Int64(end) * Time.day), by: admin)
        }
    }

    /// Campaign roll-up summaries (read-only, never null in Salesforce). Plausible, not exact:
    /// the analyses compute their own figures from CampaignMember and Opportunity.
    private func rollups(_ r: inout RecordRandom, started: Bool) -> [(String, SOQLValue)] {
        let leads = started ? r.int(20...400) : 0
        let converted = leads * r.int(5...30) / 100
        let opportunities = converted
        let won = opportunities * r.int(20...50) / 100
        let amount = Double(opportunities * r.int(10...60)) * 1000
        return [
            ("NumberOfLeads", .integer(Int64(leads))), ("NumberOfConvertedLeads", .integer(Int64(converted))),
            ("NumberOfContacts", .integer(Int64(leads / 3))), ("NumberOfResponses", .integer(Int64(leads / 4))),
            ("NumberOfOpportunities", .integer(Int64(opportunities))), ("NumberOfWonOpportunities", .integer(Int64(won))),
            ("AmountAllOpportunities", .number(amount)), ("AmountWonOpportunities", .number((amount * Double(won) / Double(max(1, opportunities))).rounded())),
        ]
    }

    func campaignMembers() -> Make {
        { m in
            let (l, k) = plan.leadMemberships.locate(m)
            let c = lead(l)
            var r = random(GeneratorContext.memberStream, m)
            let campaign = c.campaigns.isEmpty ? 0 : c.campaigns[min(k, c.campaigns.count - 1)]
            let responded = r.chance(c.conversionProbability * 0.8 + 0.1)
            let created = min(asOf, c.created + Int64(r.int(0...10)) * Time.day)
            let ordinal = Int(plan.convertedOrdinal[l])
            return [
                ("Id", id(.campaignMember, m)), ("CampaignId", id(.campaign, campaign)), ("LeadId", id(.lead, l)),
                ("ContactId", ordinal >= 0 ? id(.contact, ordinal) : .null),
                ("Status", .string(responded ? "Responded" : "Sent")), ("HasResponded", .boolean(responded)),
                ("FirstRespondedDate", responded ? .date(Time.days(created) + 2) : .null),
            ] + audit(created: created, modified: created, by: user(c.owner))
        }
    }

    func tasks() -> Make {
        { t in
            var r = random(GeneratorContext.taskStream, t)
            var who: SOQLValue
            var what: SOQLValue = .null
            var account: SOQLValue = .null
            var owner: Int
            var created: Int64
            if t < plan.leadTasks.total {
                let (l, k) = plan.leadTasks.locate(t)
                let c = lead(l)
                who = id(.lead, l)
                owner = c.owner
                created = min(asOf, c.created + Int64(k * 3 + r.int(0...2)) * Time.day + Int64(r.below(Int(Time.hour) * 9)))
            } else {
                let (o, k) = plan.opportunityTasks.locate(t - plan.leadTasks.total)
                let c = opportunity(o)
                who = id(.contact, c.contact)
                what = id(.opportunity, o)
                account = id(.account, c.account)
                owner = c.owner
                created = min(asOf, c.created + Int64(k * 5 + r.int(0...4)) * Time.day)
            }
            let due = Time.days(created) + Int32(r.int(0...7))
            let done = Int64(due) * Time.day < asOf && r.chance(0.9)
            let subtype = r.weighted([0.5, 0.3, 0.2])
            return [
                ("Id", id(.task, t)), ("WhoId", who), ("WhatId", what),
                ("Subject", .string(r.pick(Vocabulary.taskSubjects))), ("ActivityDate", .date(due)),
                ("Status", .string(done ? "Completed" : r.pick(["Not Started", "In Progress", "Waiting on someone else"]))),
                ("Priority", .string(r.pick(["High", "Normal", "Normal", "Low"]))), ("IsHighPriority", .boolean(false)),
                ("OwnerId", user(owner)), ("Description", .null), ("AccountId", account), ("IsClosed", .boolean(done)),
                ("IsArchived", .boolean(false)), ("CallDurationInSeconds", subtype == 1 ? .integer(Int64(r.int(30...1800))) : .null),
                ("CallType", subtype == 1 ? .string("Outbound") : .null), ("CallDisposition", .null), ("CallObject", .null),
                ("ReminderDateTime", .null), ("IsReminderSet", .boolean(false)), ("RecurrenceActivityId", .null),
                ("IsRecurrence", .boolean(false)), ("TaskSubtype", .string(["Task", "Call", "Email"][subtype])),
                ("CompletedDateTime", done ? .dateTime(min(asOf, Int64(due) * Time.day + 15 * Time.hour)) : .null),
            ] + audit(created: created, modified: done ? min(asOf, Int64(due) * Time.day + 15 * Time.hour) : created, by: user(owner))
        }
    }

    func events() -> Make {
        { e in
            let (o, k) = plan.opportunityEvents.locate(e)
            let c = opportunity(o)
            var r = random(GeneratorContext.eventStream, e)
            let start = c.created + Int64(k * 9 + r.int(1...6)) * Time.day + Int64(r.int(8...16)) * Time.hour
            let minutes = [30, 60, 60, 90, 120][r.below(5)]
            let end = start + Int64(minutes) * 60_000
            let created = min(asOf, c.created + Int64(k) * Time.day)
            return [
                ("Id", id(.event, e)), ("WhoId", id(.contact, c.contact)), ("WhatId", id(.opportunity, o)),
                ("Subject", .string(r.pick(Vocabulary.eventSubjects))), ("Location", .string(r.pick(["Zoom", "Customer office", "HQ", "Phone"]))),
                ("IsAllDayEvent", .boolean(false)), ("ActivityDateTime", .dateTime(start)), ("ActivityDate", .date(Time.days(start))),
                ("DurationInMinutes", .integer(Int64(minutes))), ("StartDateTime", .dateTime(start)), ("EndDateTime", .dateTime(end)),
                ("EndDate", .date(Time.days(end))), ("Description", .null), ("AccountId", id(.account, c.account)),
                ("OwnerId", user(c.owner)), ("IsPrivate", .boolean(false)), ("ShowAs", .string("Busy")),
                ("IsChild", .boolean(false)), ("IsGroupEvent", .boolean(false)), ("IsArchived", .boolean(false)),
                ("IsRecurrence", .boolean(false)), ("IsReminderSet", .boolean(false)), ("EventSubtype", .string("Event")),
                ("IsRecurrence2Exclusion", .boolean(false)), ("IsRecurrence2", .boolean(false)), ("IsRecurrence2Exception", .boolean(false)),
            ] + audit(created: created, modified: created, by: user(c.owner))
        }
    }

    func products() -> Make {
        { i in
            let p = Vocabulary.products[i % Vocabulary.products.count]
            let created = asOf - 760 * Time.day + Int64(i) * Time.hour
            return [
                ("Id", id(.product2, i)), ("Name", .string(p.name)), ("ProductCode", .string(p.code)),
                ("Description", .string("\(p.family): \(p.name)")), ("IsActive", .boolean(true)), ("Family", .string(p.family)),
            ] + audit(created: created, modified: created, by: admin)
        }
    }

    func pricebooks() -> Make {
        { i in
            let created = asOf - 780 * Time.day
            return [
                ("Id", id(.pricebook2, i)), ("Name", .string(i == 0 ? "Standard Price Book" : "Partner Price Book")),
                ("IsActive", .boolean(true)), ("IsStandard", .boolean(i == 0)),
                ("Description", .string(i == 0 ? "The standard price book" : "Discounted prices for resellers")),
            ] + audit(created: created, modified: created, by: admin)
        }
    }

    func pricebookEntries() -> Make {
        { i in
            let n = Vocabulary.products.count
            let product = i % n
            let standard = i < n
            let p = Vocabulary.products[product]
            let created = asOf - 760 * Time.day + Int64(i) * Time.hour
            return [
                ("Id", id(.pricebookEntry, i)), ("Name", .string(p.name)), ("Pricebook2Id", id(.pricebook2, standard ? 0 : 1)),
                ("Product2Id", id(.product2, product)), ("UnitPrice", .number(standard ? p.price : (p.price * 0.85).rounded())),
                ("IsActive", .boolean(true)), ("UseStandardPrice", .boolean(false)), ("ProductCode", .string(p.code)),
            ] + audit(created: created, modified: created, by: admin)
        }
    }

    func caseStatuses() -> Make {
        { i in
            let row = CaseStatusRows.all[i % CaseStatusRows.all.count]
            let created = asOf - 790 * Time.day
            return [
                ("Id", id(.caseStatus, i)), ("MasterLabel", .string(row.label)), ("ApiName", .string(row.label)),
                ("SortOrder", .integer(Int64(i + 1))), ("IsDefault", .boolean(i == 0)), ("IsClosed", .boolean(row.closed)),
            ] + audit(created: created, modified: created, by: admin)
        }
    }
}
