import SOQL

extension GeneratorContext {
    static let userStream: UInt64 = 3
    static let contactStream: UInt64 = 17

    /// The components of an address compound field (`Billing` → BillingStreet … BillingGeocodeAccuracy).
    func address(_ prefix: String, country: Int, state: Int, number: Int, street: Int) -> [(String, SOQLValue)] {
        let c = Vocabulary.countries[country]
        let (stateCode, city) = c.states[state]
        return [
            ("\(prefix)Street", .string("\(number) \(Vocabulary.streets[street])")), ("\(prefix)City", .string(city)),
            ("\(prefix)State", .string(stateCode)), ("\(prefix)PostalCode", .string(String(10_000 + number * 37 % 89_999))),
            ("\(prefix)Country", .string(c.country)), ("\(prefix)Latitude", .null), ("\(prefix)Longitude", .null),
            ("\(prefix)GeocodeAccuracy", .null),
        ]
    }

    func email(first: String, last: String, domain: String) -> SOQLValue {
        .string(Vocabulary.emailPart(first) + "." + Vocabulary.emailPart(last) + "@" + domain)
    }

    func domain(ofCompany stem: Int) -> String { Vocabulary.domains[stem] }

    func phone(_ r: inout RecordRandom) -> SOQLValue {
        .string("(\(r.int(201...989))) \(r.int(200...999))-\(String(r.int(1000...9999)))")
    }

    func users() -> Make {
        { i in
            var r = random(GeneratorContext.userStream, i)
            let first: String
            let last: String
            let username: String
            if i < config.people.count {
                let p = config.people[i]
                (first, last, username) = (p.firstName, p.lastName, p.username)
            } else {
                first = r.pick(Vocabulary.firstNames)
                last = r.pick(Vocabulary.lastNames)
                username = "\(first).\(last)\(i)@tributary-sandbox.example".lowercased().filter { !$0.isWhitespace && $0 != "'" }
            }
            let created = asOf - 800 * Time.day + Int64(i) * Time.hour
            let isManager = i == plan.owners.lowerBound
            return [
                ("Id", user(i)), ("Username", .string(username)), ("LastName", .string(last)), ("FirstName", .string(first)),
                ("Name", .string("\(first) \(last)")), ("CompanyName", .string("Tributary Sandbox")),
                ("Division", .null), ("Department", .string(i < plan.owners.lowerBound ? "IT" : "Sales")),
                ("Title", .string(i < plan.owners.lowerBound ? "Administrator" : isManager ? "VP Sales" : "Account Executive")),
                ("City", .string("San Francisco")), ("State", .string("CA")), ("Country", .string("United States")),
                ("Email", .string(username)), ("Alias", .string(String((first.prefix(1) + last).prefix(8)).lowercased())),
                ("CommunityNickname", .string("\(first.lowercased())\(i)")), ("IsActive", .boolean(true)),
                ("UserType", .string("Standard")), ("TimeZoneSidKey", .string("America/Los_Angeles")),
                ("LocaleSidKey", .string("en_US")), ("LanguageLocaleKey", .string("en_US")),
                ("EmailEncodingKey", .string("UTF-8")),
                ("ManagerId", i >= plan.owners.lowerBound && !isManager ? user(plan.owners.lowerBound) : .null),
                ("LastLoginDate", .dateTime(asOf - Int64(r.below(Int(Time.day) * 20)))), ("DigestFrequency", .string("D")),
                // Profiles are not among the org's queryable objects; the ids follow Salesforce's shape.
                ("ProfileId", .string(SalesforceID.make(prefix: "00e", index: i < plan.owners.lowerBound ? 1 : 2))),
            ] + audit(created: created, modified: created + Time.day, by: i == 0 ? user(0) : admin)
        }
    }

    func leads() -> Make {
        { i in
            let c = makeLead(i)
            let first = Vocabulary.firstNames[c.firstName]
            let last = Vocabulary.lastNames[c.lastName]
            var r = random(41, i)
            let ordinal = Int(plan.convertedOrdinal[i])
            let converted = ordinal >= 0
            let status = ["Open - Not Contacted", "Working - Contacted", "Closed - Converted", "Closed - Not Converted"][c.outcome]
            let lastActivity: SOQLValue = c.taskCount > 0 ? .date(Time.days(min(asOf, c.created + Int64(c.taskCount) * 3 * Time.day))) : .null
            return [
                ("Id", id(.lead, i)), ("LastName", .string(last)), ("FirstName", .string(first)),
                ("Salutation", .string(r.pick(["Mr.", "Ms.", "Mrs.", "Dr.", "Prof."]))), ("Name", .string("\(first) \(last)")),
                ("Title", .string(Vocabulary.titles[c.title].0)), ("Company", .string(c.company)),
            ] + address("", country: c.country, state: c.state, number: r.int(1...9999), street: r.below(Vocabulary.streets.count)) + [
                ("Phone", phone(&r)), ("MobilePhone", r.chance(0.5) ? phone(&r) : .null), ("Fax", .null),
                ("Email", email(first: first, last: last, domain: domain(ofCompany: c.companyStem))),
                ("Website", .string("www." + domain(ofCompany: c.companyStem))), ("Description", .null),
                ("LeadSource", .string(Vocabulary.leadSources[c.source])), ("Status", .string(status)),
                ("Industry", .string(Vocabulary.industries[c.industry])),
                ("Rating", c.rating >= 0 ? .string(Vocabulary.ratings[c.rating]) : .null),
                ("AnnualRevenue", .number(Double(c.employees) * Double(r.int(80...250)) * 1000)),
                ("NumberOfEmployees", .integer(Int64(c.employees))), ("OwnerId", user(c.owner)),
                ("IsConverted", .boolean(converted)), ("ConvertedDate", converted ? .date(Time.days(c.convertedAt)) : .null),
                ("ConvertedAccountId", converted ? id(.account, ordinal % max(1, plan.accounts)) : .null),
                ("ConvertedContactId", converted ? id(.contact, ordinal) : .null),
                ("ConvertedOpportunityId", converted ? id(.opportunity, ordinal) : .null),
                ("IsUnreadByOwner", .boolean(c.outcome == 0 && r.chance(0.5))), ("LastActivityDate", lastActivity),
                ("Lead_Score_Legacy__c", c.rating >= 0 ? .number(Double(100 - 30 * c.rating) - Double(r.below(20))) : .null),
            ] + audit(created: c.created, modified: c.modified, by: user(c.owner))
        }
    }

    func contacts() -> Make {
        { i in
            var r = random(GeneratorContext.contactStream, i)
            var first = r.pick(Vocabulary.firstNames)
            var last = r.pick(Vocabulary.lastNames)
            var title = r.pick(Vocabulary.titles).0
            var country = r.weighted(Vocabulary.countryWeights)
            var state = r.below(Vocabulary.countries[country].states.count)
            var source: SOQLValue = r.chance(0.7) ? .string(Vocabulary.leadSources[r.weighted(Vocabulary.leadSourceWeights)]) : .null
            var stem = r.below(Vocabulary.companyStems.count)
            var owner = plan.owners.isEmpty ? 0 : plan.owners.lowerBound + r.below(plan.owners.count)
            var created = asOf - Int64(r.unit() * 720) * Time.day - Int64(r.below(Int(Time.day)))
            var account = r.below(max(1, plan.accounts))
            if i < plan.convertedLeads.count {
                // Contacts made by lead conversion carry the lead's person and source.
                let c = lead(Int(plan.convertedLeads[i]))
                (first, last) = (Vocabulary.firstNames[c.firstName], Vocabulary.lastNames[c.lastName])
                (title, country, state) = (Vocabulary.titles[c.title].0, c.country, c.state)
                (source, stem, owner, created) = (.string(Vocabulary.leadSources[c.source]), c.companyStem, c.owner, c.convertedAt)
                account = i % max(1, plan.accounts)
            }
            let modified = min(asOf, created + Int64(r.unit() * Double(asOf - created) * 0.5))
            return [
                ("Id", id(.contact, i)), ("AccountId", id(.account, account)), ("LastName", .string(last)),
                ("FirstName", .string(first)), ("Salutation", .null), ("Name", .string("\(first) \(last)")),
            ] + address("Mailing", country: country, state: state, number: r.int(1...9999), street: r.below(Vocabulary.streets.count)) + [
                ("Phone", phone(&r)), ("MobilePhone", r.chance(0.6) ? phone(&r) : .null),
                ("Email", email(first: first, last: last, domain: domain(ofCompany: stem))), ("Title", .string(title)),
                ("Department", .string(r.pick(["Sales", "Finance", "IT", "Operations", "Marketing", "Executive"]))),
                ("LeadSource", source), ("Birthdate", r.chance(0.3) ? .date(Int32(r.int(-7300...10_000))) : .null),
                ("Description", .null), ("OwnerId", user(owner)), ("HasOptedOutOfEmail", .boolean(r.chance(0.05))),
            ] + audit(created: created, modified: modified, by: user(owner))
        }
    }
}
