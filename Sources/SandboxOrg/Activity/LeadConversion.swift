import SOQL

/// What a lead conversion made.
struct LeadConversion: Sendable {
    var accountID: String
    var contactID: String
    var opportunityID: String
    /// Tasks and events moved to the contact and opportunity, and campaign members given the contact.
    var tasks: Int
    var events: Int
    var members: Int
}

/// Lead conversion as Salesforce does it (Salesforce Help, *Considerations for Converting
/// Leads*; docs/sandbox-fidelity.md §9): a new account, contact and opportunity from the lead's
/// fields; the lead marked converted; every task and event of the lead attached to the contact
/// (`WhoId`) and the opportunity (`WhatId`, `AccountId` the account); every campaign member of
/// the lead given the contact (`ContactId`; `LeadId` stays). Each moved record is stamped
/// (`LastModifiedDate`, `SystemModstamp`), so an incremental sync brings it again.
extension OrgStore {
    /// - Parameters:
    ///   - index: the lead's index in the Lead table.
    ///   - amount: the new opportunity's amount.
    /// - Throws: NOT_FOUND, ENTITY_IS_DELETED, or CANNOT_UPDATE_CONVERTED_LEAD for a lead
    ///   converted already.
    func convertLead(index: Int, amount: Double, byUser user: String) throws(SalesforceFault) -> LeadConversion {
        let catalog = self.catalog
        guard let lead = catalog.objectIndex(name: "Lead"), let account = catalog.objectIndex(name: "Account"),
            let contact = catalog.objectIndex(name: "Contact"), let opp = catalog.objectIndex(name: "Opportunity")
        else { throw SalesforceFault.notFound }
        let v = try latestValues(object: lead, index: index)
        func text(_ name: String) -> SOQLValue { catalog.schemas[lead].fieldIndex(named: name).map { $0 < v.count ? v[$0] : .null } ?? .null }
        guard text("IsConverted") != .boolean(true) else {
            throw SalesforceFault(status: 400, "CANNOT_UPDATE_CONVERTED_LEAD", "cannot reference converted lead")
        }
        func id(_ object: Int, _ index: Int, _ prefix: String) -> String {
            SalesforceID.make(prefix: catalog.schemas[object].keyPrefix ?? prefix, index: index)
        }
        let leadID = id(lead, index, "00Q")
        let accountID = id(account, insert(object: account, values: fields(catalog, account, [
            ("Name", text("Company")), ("Industry", text("Industry")), ("AccountSource", text("LeadSource")),
        ]), byUser: user), "001")
        let contactID = id(contact, insert(object: contact, values: fields(catalog, contact, [
            ("FirstName", text("FirstName")), ("LastName", text("LastName")), ("Name", text("Name")), ("AccountId", .string(accountID)),
            ("LeadSource", text("LeadSource")), ("Title", text("Title")),
        ]), byUser: user), "003")
        let today = Int32(clock() / 86_400_000)
        let opportunityID = id(opp, insert(object: opp, values: fields(catalog, opp, [
            ("Name", .string("\(text("Company").stringValue) - New Business")), ("AccountId", .string(accountID)),
            ("StageName", .string("Prospecting")), ("CloseDate", .date(today + 60)), ("LeadSource", text("LeadSource")),
            ("Probability", .number(10)), ("ForecastCategory", .string("Pipeline")), ("ForecastCategoryName", .string("Pipeline")),
            ("Amount", .number(amount)),
        ]), byUser: user), "006")
        try update(object: lead, index: index, values: fields(catalog, lead, [
            ("IsConverted", .boolean(true)), ("Status", .string("Closed - Converted")), ("ConvertedDate", .date(today)),
            ("ConvertedAccountId", .string(accountID)), ("ConvertedContactId", .string(contactID)),
            ("ConvertedOpportunityId", .string(opportunityID)),
        ]), byUser: user)
        var moved = [0, 0, 0]
        for (k, name) in ["Task", "Event", "CampaignMember"].enumerated() {
            guard let object = catalog.objectIndex(name: name) else { continue }
            let schema = catalog.schemas[object]
            let member = name == "CampaignMember"
            guard let slot = schema.fieldIndex(named: member ? "LeadId" : "WhoId") else { continue }
            let change = fields(catalog, object, member
                ? [("ContactId", .string(contactID))]
                : [("WhoId", .string(contactID)), ("WhatId", .string(opportunityID)), ("AccountId", .string(accountID))])
            moved[k] = updateWhere(object: object, slot: slot, equals: .string(leadID), generated: generator.children(ofLead: index, object: name),
                                   byUser: user) { _ in change }
        }
        return LeadConversion(accountID: accountID, contactID: contactID, opportunityID: opportunityID,
                              tasks: moved[0], events: moved[1], members: moved[2])
    }

    /// Field positions of `object` for the named values (names it lacks are left out).
    func fields(_ catalog: OrgCatalog, _ object: Int, _ pairs: [(String, SOQLValue)]) -> [Int: SOQLValue] {
        var out: [Int: SOQLValue] = [:]
        for (name, value) in pairs { if let i = catalog.schemas[object].fieldIndex(named: name) { out[i] = value } }
        return out
    }
}

extension DataGenerator {
    /// The generated records of `object` that belong to generated lead `lead` (its tasks and
    /// campaign members; the generator gives leads no events).
    func children(ofLead lead: Int, object: String) -> Range<Int> {
        guard lead >= 0, lead < plan.leads else { return 0..<0 }
        switch object {
        case "Task": return plan.leadTasks.range(of: lead)
        case "CampaignMember": return plan.leadMemberships.range(of: lead)
        default: return 0..<0
        }
    }
}
