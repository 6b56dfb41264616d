import SOQL

extension GeneratorContext {
    static let campaignStream: UInt64 = 37
    static let memberStream: UInt64 = 43
    static let taskStream: UInt64 = 47
    static let eventStream: UInt64 = 53

    func campaigns() -> Make {
        { i, b in
            var r = random(GeneratorContext.campaignStream, i)
            let start = Time.days(asOf) - Int32(r.int(-60...700))
            let end = start + Int32(r.int(1...60))
            let today = Time.days(asOf)
            let status = end < today ? "Completed" : start > today ? "Planned" : "In Progress"
            let type = Vocabulary.campaignTypes[i % Vocabulary.campaignTypes.count]
            let created = Int64(start - 30) * Time.day
            let budget = Double(r.int(5...200)) * 1000
            b.put("Id", id(.campaign, i)); b.put("Name", .string("\(Vocabulary.campaignNames[i % Vocabulary.campaignNames.count]) \(SOQLDate.civil(fromDays: start).year) #\(i + 1)"))
            b.put("ParentId", .null); b.put("Type", .string(type)); b.put("Status", .string(status)); b.put("StartDate", .date(start))
            b.put("EndDate", .date(end)); b.put("ExpectedRevenue", .number(budget * 5)); b.put("BudgetedCost", .number(budget))
            b.put("ActualCost", status == "Planned" ? .null : .number((budget * (0.7 + r.unit() * 0.5)).rounded()))
            b.put("ExpectedResponse", .number(Double(r.int(1...20)))); b.put("NumberSent", .number(Double(r.int(100...20_000))))
            b.put("IsActive", .boolean(status != "Completed")); b.put("Description", .null); b.put("OwnerId", admin)
            rollups(into: &b, &r, started: status != "Planned")
            audit(into: &b, created: min(asOf, created), modified: min(asOf, Int64(end) * Time.day), by: admin)
        }
    }

    /// Campaign roll-up summaries (read-only, never null in Salesforce). Plausible, not exact:
    /// the analyses compute their own figures from CampaignMember and Opportunity.
    private func rollups(into b: inout RecordBuilder, _ r: inout RecordRandom, started: Bool) {
        let leads = started ? r.int(20...400) : 0
        let converted = leads * r.int(5...30) / 100
        let opportunities = converted
        let won = opportunities * r.int(20...50) / 100
        let amount = Double(opportunities * r.int(10...60)) * 1000
        b.put("NumberOfLeads", .integer(Int64(leads))); b.put("NumberOfConvertedLeads", .integer(Int64(converted)))
        b.put("NumberOfContacts", .integer(Int64(leads / 3))); b.put("NumberOfResponses", .integer(Int64(leads / 4)))
        b.put("NumberOfOpportunities", .integer(Int64(opportunities))); b.put("NumberOfWonOpportunities", .integer(Int64(won)))
        b.put("AmountAllOpportunities", .number(amount)); b.put("AmountWonOpportunities", .number((amount * Double(won) / Double(max(1, opportunities))).rounded()))
    }

    func campaignMembers() -> Make {
        { m, b in
            let (l, k) = plan.leadMemberships.locate(m)
            let c = lead(l)
            var r = random(GeneratorContext.memberStream, m)
            let campaign = c.campaigns.isEmpty ? 0 : c.campaigns[min(k, c.campaigns.count - 1)]
            let responded = r.chance(c.conversionProbability * 0.8 + 0.1)
            let created = min(asOf, c.created + Int64(r.int(0...10)) * Time.day)
            let ordinal = Int(plan.convertedOrdinal[l])
            // Conversion keeps the lead's members and sets their contact (touching them); a member
            // added after the conversion is the contact's alone (a converted lead cannot join).
            let converted = ordinal >= 0
            let joinedAsLead = !converted || created < c.convertedAt
            b.put("Id", id(.campaignMember, m)); b.put("CampaignId", id(.campaign, campaign)); b.put("LeadId", joinedAsLead ? id(.lead, l) : .null)
            b.put("ContactId", converted ? id(.contact, ordinal) : .null)
            b.put("Status", .string(responded ? "Responded" : "Sent")); b.put("HasResponded", .boolean(responded))
            b.put("FirstRespondedDate", responded ? .date(Time.days(created) + 2) : .null)
            audit(into: &b, created: created, modified: converted ? max(created, c.convertedAt) : created, by: user(c.owner))
        }
    }

    func tasks() -> Make {
        { t, b in
            var r = random(GeneratorContext.taskStream, t)
            var who: SOQLValue
            var what: SOQLValue = .null
            var account: SOQLValue = .null
            var owner: Int
            var created: Int64
            var convertedAt: Int64 = 0
            if t < plan.leadTasks.total {
                let (l, k) = plan.leadTasks.locate(t)
                let c = lead(l)
                owner = c.owner
                created = min(asOf, c.created + Int64(k * 3 + r.int(0...2)) * Time.day + Int64(r.below(Int(Time.hour) * 9)))
                let ordinal = Int(plan.convertedOrdinal[l])
                if ordinal >= 0 {
                    // Conversion moved the lead's activities to its contact, opportunity and
                    // account, and stamped them; later ones were logged there.
                    who = id(.contact, ordinal)
                    what = id(.opportunity, ordinal)
                    account = id(.account, Int(plan.convertedAccount[ordinal]))
                    convertedAt = c.convertedAt
                } else {
                    who = id(.lead, l)
                }
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
            b.put("Id", id(.task, t)); b.put("WhoId", who); b.put("WhatId", what)
            b.put("Subject", .string(r.pick(Vocabulary.taskSubjects))); b.put("ActivityDate", .date(due))
            b.put("Status", .string(done ? "Completed" : r.pick(["Not Started", "In Progress", "Waiting on someone else"])))
            b.put("Priority", .string(r.pick(["High", "Normal", "Normal", "Low"]))); b.put("IsHighPriority", .boolean(false))
            b.put("OwnerId", user(owner)); b.put("Description", .null); b.put("AccountId", account); b.put("IsClosed", .boolean(done))
            b.put("IsArchived", .boolean(false)); b.put("CallDurationInSeconds", subtype == 1 ? .integer(Int64(r.int(30...1800))) : .null)
            b.put("CallType", subtype == 1 ? .string("Outbound") : .null); b.put("CallDisposition", .null); b.put("CallObject", .null)
            b.put("ReminderDateTime", .null); b.put("IsReminderSet", .boolean(false)); b.put("RecurrenceActivityId", .null)
            b.put("IsRecurrence", .boolean(false)); b.put("TaskSubtype", .string(["Task", "Call", "Email"][subtype]))
            b.put("CompletedDateTime", done ? .dateTime(min(asOf, Int64(due) * Time.day + 15 * Time.hour)) : .null)
            let modified = done ? min(asOf, Int64(due) * Time.day + 15 * Time.hour) : created
            audit(into: &b, created: created, modified: max(modified, convertedAt), by: user(owner))
        }
    }

    func events() -> Make {
        { e, b in
            let (o, k) = plan.opportunityEvents.locate(e)
            let c = opportunity(o)
            var r = random(GeneratorContext.eventStream, e)
            let start = c.created + Int64(k * 9 + r.int(1...6)) * Time.day + Int64(r.int(8...16)) * Time.hour
            let minutes = [30, 60, 60, 90, 120][r.below(5)]
            let end = start + Int64(minutes) * 60_000
            let created = min(asOf, c.created + Int64(k) * Time.day)
            b.put("Id", id(.event, e)); b.put("WhoId", id(.contact, c.contact)); b.put("WhatId", id(.opportunity, o))
            b.put("Subject", .string(r.pick(Vocabulary.eventSubjects))); b.put("Location", .string(r.pick(["Zoom", "Customer office", "HQ", "Phone"])))
            b.put("IsAllDayEvent", .boolean(false)); b.put("ActivityDateTime", .dateTime(start)); b.put("ActivityDate", .date(Time.days(start)))
            b.put("DurationInMinutes", .integer(Int64(minutes))); b.put("StartDateTime", .dateTime(start)); b.put("EndDateTime", .dateTime(end))
            b.put("EndDate", .date(Time.days(end))); b.put("Description", .null); b.put("AccountId", id(.account, c.account))
            b.put("OwnerId", user(c.owner)); b.put("IsPrivate", .boolean(false)); b.put("ShowAs", .string("Busy"))
            b.put("IsChild", .boolean(false)); b.put("IsGroupEvent", .boolean(false)); b.put("IsArchived", .boolean(false))
            b.put("IsRecurrence", .boolean(false)); b.put("IsReminderSet", .boolean(false)); b.put("EventSubtype", .string("Event"))
            b.put("IsRecurrence2Exclusion", .boolean(false)); b.put("IsRecurrence2", .boolean(false)); b.put("IsRecurrence2Exception", .boolean(false))
            audit(into: &b, created: created, modified: created, by: user(c.owner))
        }
    }

    func products() -> Make {
        { i, b in
            let p = Vocabulary.products[i % Vocabulary.products.count]
            let created = asOf - 760 * Time.day + Int64(i) * Time.hour
            b.put("Id", id(.product2, i)); b.put("Name", .string(p.name)); b.put("ProductCode", .string(p.code))
            b.put("Description", .string("\(p.family): \(p.name)")); b.put("IsActive", .boolean(true)); b.put("Family", .string(p.family))
            audit(into: &b, created: created, modified: created, by: admin)
        }
    }

    func pricebooks() -> Make {
        { i, b in
            let created = asOf - 780 * Time.day
            b.put("Id", id(.pricebook2, i)); b.put("Name", .string(i == 0 ? "Standard Price Book" : "Partner Price Book"))
            b.put("IsActive", .boolean(true)); b.put("IsStandard", .boolean(i == 0))
            b.put("Description", .string(i == 0 ? "The standard price book" : "Discounted prices for resellers"))
            audit(into: &b, created: created, modified: created, by: admin)
        }
    }

    func pricebookEntries() -> Make {
        { i, b in
            let n = Vocabulary.products.count
            let product = i % n
            let standard = i < n
            let p = Vocabulary.products[product]
            let created = asOf - 760 * Time.day + Int64(i) * Time.hour
            b.put("Id", id(.pricebookEntry, i)); b.put("Name", .string(p.name)); b.put("Pricebook2Id", id(.pricebook2, standard ? 0 : 1))
            b.put("Product2Id", id(.product2, product)); b.put("UnitPrice", .number(standard ? p.price : (p.price * 0.85).rounded()))
            b.put("IsActive", .boolean(true)); b.put("UseStandardPrice", .boolean(false)); b.put("ProductCode", .string(p.code))
            audit(into: &b, created: created, modified: created, by: admin)
        }
    }

    func caseStatuses() -> Make {
        { i, b in
            let row = CaseStatusRows.all[i % CaseStatusRows.all.count]
            let created = asOf - 790 * Time.day
            b.put("Id", id(.caseStatus, i)); b.put("MasterLabel", .string(row.label)); b.put("ApiName", .string(row.label))
            b.put("SortOrder", .integer(Int64(i + 1))); b.put("IsDefault", .boolean(i == 0)); b.put("IsClosed", .boolean(row.closed))
            audit(into: &b, created: created, modified: created, by: admin)
        }
    }
}
