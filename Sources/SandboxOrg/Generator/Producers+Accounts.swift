import SOQL

extension GeneratorContext {
    static let caseStream: UInt64 = 23
    static let invoiceStream: UInt64 = 29

    /// An account's name: a converted lead's company, or an invented one.
    func accountName(_ a: Int) -> String {
        if a < plan.accountLeads.count { return lead(Int(plan.accountLeads[a])).company }
        var r = random(DataGenerator.accountStream, a)
        return "\(r.pick(Vocabulary.companyStems)) \(r.pick(Vocabulary.companySuffixes))"
    }

    func accounts() -> Make {
        { a, b in
            let core = DataGenerator.accountCore(a, seed: seed, asOf: asOf, owners: plan.owners)
            var r = core.random
            var stem = core.stem
            var name = "\(Vocabulary.companyStems[stem]) \(Vocabulary.companySuffixes[core.suffix])"
            var (industry, employees, country, state) = (core.industry, core.employees, core.country, core.state)
            var (owner, created) = (core.owner, core.created)
            var source: SOQLValue = r.chance(0.6) ? .string(Vocabulary.leadSources[r.weighted(Vocabulary.leadSourceWeights)]) : .null
            var rating: SOQLValue = r.chance(0.7) ? .string(r.pick(Vocabulary.ratings)) : .null
            if a < plan.accountLeads.count {
                let c = lead(Int(plan.accountLeads[a]))
                (stem, name, industry, employees) = (c.companyStem, c.company, c.industry, c.employees)
                (country, state, owner, created) = (c.country, c.state, c.owner, c.convertedAt)
                source = .string(Vocabulary.leadSources[c.source])
                rating = c.rating >= 0 ? .string(Vocabulary.ratings[c.rating]) : .null
            }
            let number = r.int(1...9999)
            let street = r.below(Vocabulary.streets.count)
            let modified = min(asOf, created + Int64(r.unit() * Double(asOf - created) * 0.6))
            let revenue = Double(employees) * Double(r.int(90...400)) * 1000
            let type = a < plan.accountLeads.count ? "Customer - Direct" : r.pick(["Prospect", "Customer - Direct", "Customer - Channel", "Channel Partner / Reseller", "Other"])
            b.put("Id", id(.account, a)); b.put("MasterRecordId", .null); b.put("Name", .string(name)); b.put("Type", .string(type))
            b.put("ParentId", a > 20 && r.chance(0.05) ? id(.account, r.below(20)) : .null)
            address(into: &b, "Billing", country: country, state: state, number: number, street: street)
            address(into: &b, "Shipping", country: country, state: state, number: number, street: street)
            b.put("Phone", phone(&r)); b.put("Fax", .null); b.put("AccountNumber", .string("CD\(100_000 + a)"))
            b.put("Website", .string("www." + domain(ofCompany: stem)))
            b.put("Sic", .string(String(1000 + industry * 211 % 8000))); b.put("Industry", .string(Vocabulary.industries[industry]))
            b.put("AnnualRevenue", .number(revenue)); b.put("NumberOfEmployees", .integer(Int64(employees)))
            b.put("Ownership", .string(r.pick(["Public", "Private", "Subsidiary", "Other"])))
            b.put("TickerSymbol", .null); b.put("Description", r.chance(0.3) ? .string("Key account in \(Vocabulary.industries[industry]).\nRenewal discussions each spring.") : .null)
            b.put("Rating", rating); b.put("Site", .null); b.put("OwnerId", user(owner)); b.put("AccountSource", source)
            b.put("CustomerPriority__c", .string(r.pick(["High", "Medium", "Low"])))
            b.put("SLA_Expiration__c", .date(Time.days(asOf) + Int32(r.int(-200...400))))
            b.put("LastActivityDate", r.chance(0.5) ? .date(Time.days(modified)) : .null)
            audit(into: &b, created: created, modified: modified, by: user(owner))
        }
    }

    func cases() -> Make {
        { i, b in
            var r = random(GeneratorContext.caseStream, i)
            let account = r.below(max(1, plan.accounts))
            let contact = plan.contacts > 0 ? r.below(plan.contacts) : -1
            let created = asOf - Int64(r.unit() * 540) * Time.day - Int64(r.below(Int(Time.day)))
            let age = (asOf - created) / Time.day
            let closed = age > 3 && r.chance(0.8)
            let closedAt = closed ? created + Int64(r.int(1...Int(max(1, min(age, 30))))) * Time.day / 2 : 0
            let status = closed ? r.pick(["Closed", "Resolved"]) : r.pick(["New", "Working", "Escalated", "On Hold"])
            let owner = plan.owners.isEmpty ? 0 : plan.owners.lowerBound + r.below(plan.owners.count)
            let modified = closed ? closedAt : min(asOf, created + Int64(r.unit() * Double(asOf - created)))
            b.put("Id", id(.caseRecord, i)); b.put("MasterRecordId", .null); b.put("CaseNumber", .string(zeroPadded(i + 1)))
            b.put("ContactId", id(.contact, contact)); b.put("AccountId", id(.account, account)); b.put("ParentId", .null)
            b.put("SuppliedName", .null); b.put("SuppliedEmail", .null); b.put("SuppliedPhone", .null); b.put("SuppliedCompany", .null)
            b.put("Type", .string(r.pick(["Mechanical", "Electrical", "Electronic", "Structural", "Other"])))
            b.put("Status", .string(status))
            b.put("Reason", .string(r.pick(["Installation", "Equipment Complexity", "Performance", "Breakdown", "Equipment Design", "Feedback", "Other"])))
            b.put("Origin", .string(r.pick(["Phone", "Email", "Web"]))); b.put("Subject", .string(r.pick(Vocabulary.caseSubjects)))
            b.put("Priority", .string(r.pick(["High", "Medium", "Medium", "Low"])))
            b.put("Description", .string("Customer reported: \(r.pick(Vocabulary.caseSubjects).lowercased())."))
            b.put("IsClosed", .boolean(closed)); b.put("ClosedDate", closed ? .dateTime(closedAt) : .null)
            b.put("IsEscalated", .boolean(status == "Escalated")); b.put("OwnerId", user(owner))
            audit(into: &b, created: created, modified: modified, by: user(owner))
        }
    }

    func invoices() -> Make {
        { i, b in
            var r = random(GeneratorContext.invoiceStream, i)
            let o = plan.opportunities > 0 ? (i &* 7_919) % plan.opportunities : 0
            let opp = makeOpportunity(o)
            let created = min(asOf, max(opp.created, Int64(opp.closeDate) * Time.day) + Int64(r.below(5)) * Time.day)
            let due = Time.days(created) + 30
            let paid = Int64(due) * Time.day < asOf && r.chance(0.8)
            let status = paid ? "Paid" : Int64(due) * Time.day < asOf ? "Overdue" : r.pick(["Draft", "Sent"])
            b.put("Id", id(.invoice, i)); b.put("OwnerId", user(opp.owner)); b.put("Name", .string("INV-\(zeroPadded(i + 1).suffix(6))"))
            b.put("LastActivityDate", .null); b.put("Account__c", id(.account, opp.account)); b.put("Opportunity__c", id(.opportunity, o))
            b.put("Amount__c", .number((opp.amount * (0.3 + r.unit() * 0.7)).rounded())); b.put("Status__c", .string(status))
            b.put("Due_Date__c", .date(due)); b.put("Paid__c", .boolean(paid))
            b.put("Notes__c", r.chance(0.2) ? .string("Net 30.\nPO \(r.int(10_000...99_999)) \"urgent\", ship, bill; ok") : .null)
            b.put("Location__Latitude__s", .number(Double(r.int(25_000...48_000)) / 1000))
            b.put("Location__Longitude__s", .number(-Double(r.int(71_000...122_000)) / 1000))
            audit(into: &b, created: created, modified: paid ? min(asOf, Int64(due) * Time.day) : created, by: user(opp.owner))
        }
    }
}

/// Zero-padded to eight digits, as Salesforce's auto-numbers (`00001026`).
func zeroPadded(_ n: Int) -> String {
    let digits = String(n)
    return String(repeating: "0", count: max(0, 8 - digits.count)) + digits
}
