import Foundation
import HTTPTypes
import HummingbirdTesting
import NIOCore
import SOQL
import Synchronization
import Testing

@testable import SandboxOrg

/// Lead conversion as Salesforce leaves the data (docs/sandbox-fidelity.md §9): live, through
/// `POST /_sandbox/leads/convert` and the activity generator, and in the seeded org.
@Suite struct LeadConversionTests {
    static let asOf: Int64 = 1_767_225_600_000

    func generator(scale: Int = 1) -> DataGenerator {
        let people = [GeneratorConfig.Person(username: "admin@x.test", firstName: "Ada", lastName: "Admin")]
        return DataGenerator(config: GeneratorConfig(seed: 42, scale: scale, asOf: Self.asOf, people: people), schemas: StandardObjects.all)
    }

    /// Every record of `object` as a name → value dictionary per record.
    func records(_ g: DataGenerator, _ object: String) throws -> [[String: SOQLValue]] {
        let o = try #require(g.schemas.firstIndex { $0.name == object })
        let names = g.schemas[o].fields.map(\.name)
        return (0..<g.counts[o]).map { i in Dictionary(uniqueKeysWithValues: zip(names, g.record(object: o, index: i))) }
    }

    static func text(_ v: SOQLValue?) -> String? { if case .string(let s)? = v { return s } else { return nil } }
    static func time(_ v: SOQLValue?) -> Int64? { if case .dateTime(let t)? = v { return t } else { return nil } }

    @Test func aLiveConversionMovesTheLeadsActivitiesAndMembersAndStampsThem() async throws {
        // Given an open lead of the seeded org with tasks and campaign memberships, one more task
        // made through the API, and a clock an hour after the org's history ends
        let now = Mutex<Int64>(Self.asOf + 3_600_000)
        let h = try SandboxHarness { $0.clock = { now.withLock { $0 } } }
        let store = h.server.store
        let plan = store.generator.plan
        let leadObject = try #require(store.catalog.objectIndex(name: "Lead"))
        let lead = try #require((0..<plan.leads).first { l in
            plan.convertedOrdinal[l] < 0 && plan.leadTasks.range(of: l).count >= 2 && !plan.leadMemberships.range(of: l).isEmpty
                && store.generator.record(object: leadObject, index: l).contains(.string("Working - Contacted"))
        })
        let leadID = SalesforceID.make(prefix: "00Q", index: lead)
        try await h.run { client in
            let token = try await h.passwordGrant(client)
            let body = #"{"Subject": "Call back", "WhoId": "\#(leadID)", "Status": "Not Started", "Priority": "Normal"}"#
            try await client.execute(uri: "/services/data/v62.0/sobjects/Task", method: .post, headers: [.authorization: "Bearer \(token)", .contentType: "application/json"],
                                     body: ByteBuffer(string: body)) { #expect($0.status == .created) }
            let tasks = try await h.count(client, token, "SELECT COUNT() FROM Task WHERE WhoId = '\(leadID)'")
            let members = try await h.count(client, token, "SELECT COUNT() FROM CampaignMember WHERE LeadId = '\(leadID)'")
            #expect(tasks == plan.leadTasks.range(of: lead).count + 1 && members > 0)

            // When the lead is converted a day later
            now.withLock { $0 += 86_400_000 }
            let answer = try await client.execute(uri: "/_sandbox/leads/convert", method: .post, body: ByteBuffer(string: #"{"leadId": "\#(leadID)"}"#)) {
                #expect($0.status == .ok)
                return try json($0.body)
            }

            // Then its tasks name the new contact and opportunity (and account), its members the
            // contact beside the lead, and each was changed at the conversion
            let contact = try #require(answer["contactId"] as? String), opportunity = try #require(answer["opportunityId"] as? String)
            let account = try #require(answer["accountId"] as? String)
            #expect(answer["tasks"] as? Int == tasks && answer["campaignMembers"] as? Int == members && answer["events"] as? Int == 0)
            let renewed = try await h.passwordGrant(client)
            #expect(try await h.count(client, renewed, "SELECT COUNT() FROM Task WHERE WhoId = '\(leadID)'") == 0)
            let stamp = "2026-01-02T01:00:00Z"
            #expect(try await h.count(client, renewed, """
                SELECT COUNT() FROM Task WHERE WhoId = '\(contact)' AND WhatId = '\(opportunity)' AND AccountId = '\(account)' AND SystemModstamp = \(stamp) AND LastModifiedDate = \(stamp)
                """) == tasks)
            #expect(try await h.count(client, renewed, """
                SELECT COUNT() FROM CampaignMember WHERE LeadId = '\(leadID)' AND ContactId = '\(contact)' AND SystemModstamp = \(stamp)
                """) == members)
            #expect(try await h.count(client, renewed, "SELECT COUNT() FROM Lead WHERE Id = '\(leadID)' AND IsConverted = true AND ConvertedContactId = '\(contact)'") == 1)

            // And a converted lead cannot be converted again
            try await client.execute(uri: "/_sandbox/leads/convert", method: .post, body: ByteBuffer(string: #"{"leadId": "\#(leadID)"}"#)) { response in
                #expect(response.status == .badRequest)
                let code = try jsonArray(response.body).first?["errorCode"] as? String
                #expect(code == "CANNOT_UPDATE_CONVERTED_LEAD")
            }
        }
    }

    @Test func seededConvertedLeadsActivitiesAndMembersAreTheirContacts() throws {
        // Given the seeded org
        let g = generator()
        let leads = try records(g, "Lead"), tasks = try records(g, "Task"), members = try records(g, "CampaignMember")
        let converted = leads.filter { $0["IsConverted"] == .boolean(true) }
        #expect(converted.count > 100)
        let byID = Dictionary(uniqueKeysWithValues: converted.compactMap { l in Self.text(l["Id"]).map { ($0, l) } })
        let byContact = Dictionary(uniqueKeysWithValues: converted.compactMap { l in Self.text(l["ConvertedContactId"]).map { ($0, l) } })
        // Then no task names a converted lead: its tasks name its contact and opportunity, touched
        // no earlier than the conversion
        #expect(!tasks.contains { Self.text($0["WhoId"]).map { byID[$0] != nil } ?? false })
        var moved = 0
        for task in tasks {
            guard let who = Self.text(task["WhoId"]), let lead = byContact[who], let converted = lead["ConvertedDate"],
                case .date(let day) = converted, let created = Self.time(task["CreatedDate"]), Int32(created / 86_400_000) < day
            else { continue }
            moved += 1
            #expect(task["WhatId"] == lead["ConvertedOpportunityId"] && task["AccountId"] == lead["ConvertedAccountId"])
            #expect(Self.time(task["LastModifiedDate"]).map { Int32($0 / 86_400_000) >= day } == true)
            #expect(task["SystemModstamp"] == task["LastModifiedDate"])
        }
        #expect(moved > 100)
        // And a converted lead's members keep the lead (when it joined as a lead) and name the contact
        var joinedAsLead = 0
        for member in members {
            guard let contact = Self.text(member["ContactId"]), let lead = byContact[contact] else { continue }
            if member["LeadId"] != .null {
                joinedAsLead += 1
                #expect(member["LeadId"] == lead["Id"])
                #expect(Self.time(member["CreatedDate"]).map { $0 < (Self.time(lead["LastModifiedDate"]) ?? 0) } == true)
            }
            #expect((Self.time(member["LastModifiedDate"]) ?? 0) >= (Self.time(lead["LastModifiedDate"]) ?? .max))
        }
        #expect(joinedAsLead > 100)
        #expect(!members.contains { Self.text($0["LeadId"]).map { byID[$0] != nil } ?? false && $0["ContactId"] == .null })
    }

    @Test func seededLookupsPointAtRecordsThatExistedThen() throws {
        // Given the seeded org
        let g = generator()
        let created = { (rows: [[String: SOQLValue]]) in
            Dictionary(uniqueKeysWithValues: rows.compactMap { r in Self.text(r["Id"]).flatMap { id in Self.time(r["CreatedDate"]).map { (id, $0) } } })
        }
        let accounts = created(try records(g, "Account")), contacts = created(try records(g, "Contact"))
        let opportunities = try records(g, "Opportunity")
        let leads = try records(g, "Lead").filter { $0["IsConverted"] == .boolean(true) }
        let movedFrom = Set(leads.compactMap { Self.text($0["ConvertedContactId"]) })
        // Then an opportunity's account and contact existed when it was opened (its earliest
        // deals may fall back to the first account)
        let early = opportunities.filter { o in
            guard let at = Self.time(o["CreatedDate"]) else { return true }
            let account = Self.text(o["AccountId"]).flatMap { accounts[$0] } ?? .max
            let contact = Self.text(o["ContactId"]).flatMap { contacts[$0] } ?? .min
            return account > at || contact > at
        }
        #expect(early.count <= opportunities.count / 100, "\(early.count) of \(opportunities.count)")
        // A converted lead's contact and account existed at its conversion (made by it, or before)
        for lead in leads {
            guard case .date(let day)? = lead["ConvertedDate"] else { Issue.record("converted lead without a date"); continue }
            let end = Int64(day + 1) * 86_400_000
            #expect(Self.text(lead["ConvertedContactId"]).flatMap { contacts[$0] }.map { $0 < end } == true)
            #expect(Self.text(lead["ConvertedAccountId"]).flatMap { accounts[$0] }.map { $0 < end } == true)
        }
        // A contact's tasks and events from before it existed are only those its lead had
        for object in ["Task", "Event"] {
            for activity in try records(g, object) {
                guard let who = Self.text(activity["WhoId"]), let made = contacts[who], let at = Self.time(activity["CreatedDate"]), at < made else { continue }
                #expect(movedFrom.contains(who), "\(object) \(Self.text(activity["Id"]) ?? "") of \(who) predates it")
            }
        }
    }
}
