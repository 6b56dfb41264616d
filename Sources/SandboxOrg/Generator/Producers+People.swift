import SOQL

extension GeneratorContext {
    static let userStream: UInt64 = 3

    /// The components of an address compound field (`Billing` → BillingStreet … BillingGeocodeAccuracy).
    func address(into b: inout RecordBuilder, _ prefix: String, country: Int, state: Int, number: Int, street: Int) {
        let c = Vocabulary.countries[country]
        let (stateCode, city) = c.states[state]
        b.put("\(prefix)Street", .string("\(number) \(Vocabulary.streets[street])")); b.put("\(prefix)City", .string(city))
        b.put("\(prefix)State", .string(stateCode)); b.put("\(prefix)PostalCode", .string(String(10_000 + number * 37 % 89_999)))
        b.put("\(prefix)Country", .string(c.country)); b.put("\(prefix)Latitude", .null); b.put("\(prefix)Longitude", .null)
        b.put("\(prefix)GeocodeAccuracy", .null)
    }

    func email(first: String, last: String, domain: String) -> SOQLValue {
        email(parts: Vocabulary.emailPart(first), Vocabulary.emailPart(last), domain: domain)
    }

    /// `a.b@domain`, built in one reserved String: the chain of `+` made four intermediate strings.
    func email(parts a: String, _ b: String, domain: String) -> SOQLValue {
        var address = String()
        address.reserveCapacity(a.utf8.count + b.utf8.count + domain.utf8.count + 2)
        address += a
        address += "."
        address += b
        address += "@"
        address += domain
        return .string(address)
    }

    func domain(ofCompany stem: Int) -> String { Vocabulary.domains[stem] }

    /// `(ddd) ddd-dddd`: 14 bytes, written in place so the String stays small (no allocation).
    func phone(_ r: inout RecordRandom) -> SOQLValue {
        let (area, exchange, line) = (r.int(201...989), r.int(200...999), r.int(1000...9999))
        return .string(String(unsafeUninitializedCapacity: 14) { p in
            func digits(_ value: Int, _ at: Int, _ width: Int) {
                var v = value
                for i in stride(from: at + width - 1, through: at, by: -1) {
                    p[i] = UInt8(ascii: "0") + UInt8(v % 10)
                    v /= 10
                }
            }
            p[0] = UInt8(ascii: "(")
            digits(area, 1, 3)
            p[4] = UInt8(ascii: ")")
            p[5] = UInt8(ascii: " ")
            digits(exchange, 6, 3)
            p[9] = UInt8(ascii: "-")
            digits(line, 10, 4)
            return 14
        })
    }

    func users() -> Make {
        { i, b in
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
            b.put("Id", user(i)); b.put("Username", .string(username)); b.put("LastName", .string(last)); b.put("FirstName", .string(first))
            b.put("Name", .string("\(first) \(last)")); b.put("CompanyName", .string("Tributary Sandbox"))
            b.put("Division", .null); b.put("Department", .string(i < plan.owners.lowerBound ? "IT" : "Sales"))
            b.put("Title", .string(i < plan.owners.lowerBound ? "Administrator" : isManager ? "VP Sales" : "Account Executive"))
            b.put("City", .string("San Francisco")); b.put("State", .string("CA")); b.put("Country", .string("United States"))
            b.put("Email", .string(username)); b.put("Alias", .string(String((first.prefix(1) + last).prefix(8)).lowercased()))
            b.put("CommunityNickname", .string("\(first.lowercased())\(i)")); b.put("IsActive", .boolean(true))
            b.put("UserType", .string("Standard")); b.put("TimeZoneSidKey", .string("America/Los_Angeles"))
            b.put("LocaleSidKey", .string("en_US")); b.put("LanguageLocaleKey", .string("en_US"))
            b.put("EmailEncodingKey", .string("UTF-8"))
            b.put("ManagerId", i >= plan.owners.lowerBound && !isManager ? user(plan.owners.lowerBound) : .null)
            b.put("LastLoginDate", .dateTime(asOf - Int64(r.below(Int(Time.day) * 20)))); b.put("DigestFrequency", .string("D"))
            // Profiles are not among the org's queryable objects; the ids follow Salesforce's shape.
            b.put("ProfileId", .string(SalesforceID.make(prefix: "00e", index: i < plan.owners.lowerBound ? 1 : 2)))
            audit(into: &b, created: created, modified: created + Time.day, by: i == 0 ? user(0) : admin)
        }
    }

    func leads() -> Make {
        { i, b in
            let c = makeLead(i)
            let first = Vocabulary.firstNames[c.firstName]
            let last = Vocabulary.lastNames[c.lastName]
            var r = random(41, i)
            let ordinal = Int(plan.convertedOrdinal[i])
            let converted = ordinal >= 0
            let status = ["Open - Not Contacted", "Working - Contacted", "Closed - Converted", "Closed - Not Converted"][c.outcome]
            let lastActivity: SOQLValue = c.taskCount > 0 ? .date(Time.days(min(asOf, c.created + Int64(c.taskCount) * 3 * Time.day))) : .null
            b.put("Id", id(.lead, i)); b.put("LastName", .string(last)); b.put("FirstName", .string(first))
            b.put("Salutation", .string(r.pick(["Mr.", "Ms.", "Mrs.", "Dr.", "Prof."]))); b.put("Name", .string(Vocabulary.fullName(first: c.firstName, last: c.lastName)))
            b.put("Title", .string(Vocabulary.titles[c.title].0)); b.put("Company", .string(c.company))
            address(into: &b, "", country: c.country, state: c.state, number: r.int(1...9999), street: r.below(Vocabulary.streets.count))
            b.put("Phone", phone(&r)); b.put("MobilePhone", r.chance(0.5) ? phone(&r) : .null); b.put("Fax", .null)
            b.put("Email", email(parts: Vocabulary.firstNameEmailParts[c.firstName], Vocabulary.lastNameEmailParts[c.lastName], domain: domain(ofCompany: c.companyStem)))
            b.put("Website", .string("www." + domain(ofCompany: c.companyStem))); b.put("Description", .null)
            b.put("LeadSource", .string(Vocabulary.leadSources[c.source])); b.put("Status", .string(status))
            b.put("Industry", .string(Vocabulary.industries[c.industry]))
            b.put("Rating", c.rating >= 0 ? .string(Vocabulary.ratings[c.rating]) : .null)
            b.put("AnnualRevenue", .number(Double(c.employees) * Double(r.int(80...250)) * 1000))
            b.put("NumberOfEmployees", .integer(Int64(c.employees))); b.put("OwnerId", user(c.owner))
            b.put("IsConverted", .boolean(converted)); b.put("ConvertedDate", converted ? .date(Time.days(c.convertedAt)) : .null)
            b.put("ConvertedAccountId", converted ? id(.account, Int(plan.convertedAccount[ordinal])) : .null)
            b.put("ConvertedContactId", converted ? id(.contact, ordinal) : .null)
            b.put("ConvertedOpportunityId", converted ? id(.opportunity, ordinal) : .null)
            b.put("IsUnreadByOwner", .boolean(c.outcome == 0 && r.chance(0.5))); b.put("LastActivityDate", lastActivity)
            b.put("Lead_Score_Legacy__c", c.rating >= 0 ? .number(Double(100 - 30 * c.rating) - Double(r.below(20))) : .null)
            audit(into: &b, created: c.created, modified: c.modified, by: user(c.owner))
        }
    }

    func contacts() -> Make {
        { i, b in
            let core = DataGenerator.contactCore(i, seed: seed, asOf: asOf, owners: plan.owners)
            var r = core.random
            var (first, last) = (Vocabulary.firstNames[core.firstName], Vocabulary.lastNames[core.lastName])
            var (title, country, state) = (Vocabulary.titles[core.title].0, core.country, core.state)
            var source: SOQLValue = core.source >= 0 ? .string(Vocabulary.leadSources[core.source]) : .null
            var (stem, owner, created) = (core.stem, core.owner, core.created)
            // An account that existed when the contact was made.
            var account = plan.accountOrder.pick(before: created, &r)
            if i < plan.convertedLeads.count {
                // Contacts made by lead conversion carry the lead's person and source, and its account.
                let c = lead(Int(plan.convertedLeads[i]))
                (first, last) = (Vocabulary.firstNames[c.firstName], Vocabulary.lastNames[c.lastName])
                (title, country, state) = (Vocabulary.titles[c.title].0, c.country, c.state)
                (source, stem, owner, created) = (.string(Vocabulary.leadSources[c.source]), c.companyStem, c.owner, c.convertedAt)
                account = Int(plan.convertedAccount[i])
            }
            let modified = min(asOf, created + Int64(r.unit() * Double(asOf - created) * 0.5))
            b.put("Id", id(.contact, i)); b.put("AccountId", id(.account, account)); b.put("LastName", .string(last))
            b.put("FirstName", .string(first)); b.put("Salutation", .null); b.put("Name", .string("\(first) \(last)"))
            address(into: &b, "Mailing", country: country, state: state, number: r.int(1...9999), street: r.below(Vocabulary.streets.count))
            b.put("Phone", phone(&r)); b.put("MobilePhone", r.chance(0.6) ? phone(&r) : .null)
            b.put("Email", email(first: first, last: last, domain: domain(ofCompany: stem))); b.put("Title", .string(title))
            b.put("Department", .string(r.pick(["Sales", "Finance", "IT", "Operations", "Marketing", "Executive"])))
            b.put("LeadSource", source); b.put("Birthdate", r.chance(0.3) ? .date(Int32(r.int(-7300...10_000))) : .null)
            b.put("Description", .null); b.put("OwnerId", user(owner)); b.put("HasOptedOutOfEmail", .boolean(r.chance(0.05)))
            audit(into: &b, created: created, modified: modified, by: user(owner))
        }
    }
}

extension GeneratorContext {
    /// `UserPermissionAccess`: row i answers for person i, the user signed in as it
    /// (`RecordVisibility` shows each user its own row only).
    func userPermissions() -> Make {
        { i, b in
            let person = config.people[i % max(1, config.people.count)]
            b.put("Id", .string(SalesforceID.make(prefix: "0up", index: i))); b.put("LastCacheUpdate", .dateTime(asOf))
            b.put("PermissionsApiEnabled", .boolean(person.apiEnabled)); b.put("PermissionsViewAllData", .boolean(person.viewAllData))
            b.put("PermissionsModifyAllData", .boolean(person.viewAllData)); b.put("PermissionsViewSetup", .boolean(person.viewAllData))
        }
    }
}
