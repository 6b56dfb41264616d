import Foundation
import Testing

@testable import SandboxOrg

/// Checks the sandbox org's object definitions and describe output against describes recorded
/// from real orgs (the shared fixtures, read here as test vectors only).
@Suite struct DescribeTests {
    /// A recorded object, with the fields its org added that a new org does not have.
    struct Recording: CustomTestStringConvertible, Sendable {
        var object: String
        var orgExtras: Set<String> = []
        var testDescription: String { object }
    }

    static let recordings: [Recording] = [
        Recording(object: "Account", orgExtras: ["Primary_Contact__c", "ns__Description__c", "History__c", "ns__LinkedAccount__c"]),
        Recording(object: "Contact"),
        Recording(object: "Lead"),
        Recording(object: "Opportunity"),
        Recording(object: "Case"),
        Recording(object: "Event"),
        Recording(object: "OpportunityContactRole"),
    ]

    /// Attributes that must equal the recording's for every field.
    static let fieldAttributes = [
        "type", "length", "byteLength", "precision", "scale", "digits", "nillable", "createable", "updateable",
        "defaultedOnCreate", "referenceTo", "relationshipName", "compoundFieldName", "polymorphicForeignKey",
        "namePointing", "filterable", "sortable", "groupable", "aggregatable", "nameField", "idLookup", "autoNumber",
        "label", "extraTypeInfo", "restrictedPicklist", "calculated", "soapType", "unique", "custom",
        "searchPrefilterable", "queryByDistance", "defaultValue",
    ]

    /// Object flags that must equal the recording's.
    static let objectAttributes = [
        "name", "label", "labelPlural", "keyPrefix", "custom", "createable", "updateable", "deletable", "queryable",
        "replicateable", "retrieveable", "searchable", "triggerable", "layoutable", "mergeable", "undeletable",
        "mruEnabled", "feedEnabled", "deepCloneable", "compactLayoutable", "searchLayoutable", "activateable",
        "supportedScopes",
    ]

    // MARK: sObject describe

    @Test(arguments: recordings)
    func fieldsMatchTheRecording(_ recording: Recording) throws {
        // Given the recorded describe and ours
        let recorded = try Self.fixture("describe_\(recording.object).json")
        let ours = try Self.describe(recording.object)

        // Then the same fields come in the same order, apart from the org's extras and our custom additions
        let recordedFields = try #require(recorded["fields"] as? [[String: Any]]).filter {
            !recording.orgExtras.contains(Self.name($0))
        }
        let ourFields = try #require(ours["fields"] as? [[String: Any]]).filter { !Self.name($0).hasSuffix("__c") }
        #expect(ourFields.map(Self.name) == recordedFields.map(Self.name))

        // And each field has the recorded attributes and exactly the recorded keys
        for (mine, theirs) in zip(ourFields, recordedFields) {
            let field = Self.name(theirs)
            #expect(Set(mine.keys) == Set(theirs.keys).union(["aiPredictionField"]), "keys of \(field)")
            for key in Self.fieldAttributes {
                #expect(
                    Self.same(mine[key], theirs[key]),
                    "\(recording.object).\(field).\(key): \(String(describing: mine[key])) vs \(String(describing: theirs[key]))")
            }
            try Self.expectPicklistCovers(mine, theirs, field: "\(recording.object).\(field)")
        }
    }

    @Test(arguments: recordings)
    func objectFlagsMatchTheRecording(_ recording: Recording) throws {
        let recorded = try Self.fixture("describe_\(recording.object).json")
        let ours = try Self.describe(recording.object)
        for key in Self.objectAttributes {
            #expect(Self.same(ours[key], recorded[key]), "\(recording.object).\(key)")
        }
        // Newer versions add keys (associateEntityType…); ours are those of the v48 recording.
        #expect(Set(ours.keys).isSubset(of: Set(recorded.keys)))
    }

    @Test func topLevelKeysAreThoseOfTheV48AccountDescribe() throws {
        let recordedKeys = Set(try Self.fixture("describe_Account.json").keys)
        for object in StandardObjects.all {
            let ours = try Self.describe(object.name)
            #expect(Set(ours.keys) == recordedKeys, "\(object.name)")
        }
    }

    @Test(arguments: recordings)
    func childRelationshipsAgreeWithTheRecording(_ recording: Recording) throws {
        // Given the recorded relationships of the children we define
        let recorded = try #require(try Self.fixture("describe_\(recording.object).json")["childRelationships"] as? [[String: Any]])
        let ourNames = Set(StandardObjects.all.map(\.name))
        let expected = recorded.filter { ourNames.contains($0["childSObject"] as? String ?? "") }
        let ours = try #require(try Self.describe(recording.object)["childRelationships"] as? [[String: Any]])
            .filter { Self.string($0["childSObject"]) != "Invoice__c" }

        // Then ours are exactly those, with the same names and delete rules
        func key(_ r: [String: Any]) -> String {
            [r["childSObject"], r["field"], r["relationshipName"], r["cascadeDelete"], r["restrictedDelete"]]
                .map { "\($0.map { "\($0)" } ?? "nil")" }.joined(separator: "|")
        }
        #expect(ours.map(key) == expected.map(key))
        if let first = ours.first, let model = recorded.first { #expect(Set(first.keys) == Set(model.keys)) }
    }

    @Test func describeCarriesTheMasterRecordTypeAndVersionedURLs() throws {
        let account = try Self.describe("Account", version: "62.0")
        let recordTypes = try #require(account["recordTypeInfos"] as? [[String: Any]])
        #expect(recordTypes.count == 1)
        #expect(recordTypes.first?["recordTypeId"] as? String == "012000000000000AAA")
        #expect(recordTypes.first?["master"] as? Bool == true)
        let urls = try #require(account["urls"] as? [String: String])
        #expect(urls["describe"] == "/services/data/v62.0/sobjects/Account/describe")
        #expect(urls["sobject"] == "/services/data/v62.0/sobjects/Account")
        #expect(urls["rowTemplate"] == "/services/data/v62.0/sobjects/Account/{ID}")
    }

    @Test func formulaFieldsAreCalculatedAndReadOnly() throws {
        let fields = try #require(try Self.describe("Opportunity")["fields"] as? [[String: Any]])
        let daysOpen = try #require(fields.first { Self.name($0) == "Days_Open__c" })
        #expect(daysOpen["calculated"] as? Bool == true)
        #expect(daysOpen["calculatedFormula"] as? String == "IF(IsClosed, CloseDate - DATEVALUE(CreatedDate), TODAY() - DATEVALUE(CreatedDate))")
        #expect(daysOpen["createable"] as? Bool == false)
        #expect(daysOpen["updateable"] as? Bool == false)
        #expect(daysOpen["custom"] as? Bool == true)
    }

    // MARK: describeGlobal

    @Test func describeGlobalEntriesHaveTheRecordedKeysAndFlags() throws {
        let recorded = try Self.fixture("describeGlobal.json")
        let recordedObjects = try #require(recorded["sobjects"] as? [[String: Any]])
        let ours = try Self.foundation(describeGlobalJSON(StandardObjects.all, version: "52.0"))
        #expect(Set(ours.keys) == Set(recorded.keys))
        #expect(ours["encoding"] as? String == "UTF-8")
        #expect(ours["maxBatchSize"] as? Int == 200)
        let entries = try #require(ours["sobjects"] as? [[String: Any]])
        #expect(entries.count == StandardObjects.all.count)
        let recordedKeys = Set(try #require(recordedObjects.first).keys)
        for entry in entries { #expect(Set(entry.keys) == recordedKeys, "\(Self.name(entry))") }

        // Objects both lists have agree on their flags. The recording scrubbed some key prefixes to
        // null, and its org (v52) reports Event as mergeable where the v-scrubbed Event describe does not.
        let flags = [
            "createable", "custom", "deletable", "keyPrefix", "label", "labelPlural", "layoutable", "queryable",
            "replicateable", "retrieveable", "searchable", "triggerable", "updateable", "mergeable", "undeletable",
        ]
        for entry in entries {
            guard let theirs = recordedObjects.first(where: { Self.name($0) == Self.name(entry) }) else { continue }
            for flag in flags where !(flag == "keyPrefix" && theirs[flag] is NSNull) && !(Self.name(entry) == "Event" && flag == "mergeable") {
                #expect(Self.same(entry[flag], theirs[flag]), "\(Self.name(entry)).\(flag)")
            }
        }
    }

    // MARK: definitions

    @Test func everyObjectHasAnIdAndConsistentFields() {
        var prefixes: Set<String> = []
        for object in StandardObjects.all {
            let id = object.fields.first
            #expect(id?.name == "Id" && id?.type == .id && id?.nillable == false && id?.idLookup == true, "\(object.name)")
            #expect(id?.createable == false && id?.updateable == false && id?.defaultedOnCreate == true, "\(object.name)")
            #expect(Set(object.fields.map { $0.name.lowercased() }).count == object.fields.count, "\(object.name) repeats a field")
            if let prefix = object.keyPrefix { #expect(prefixes.insert(prefix).inserted, "\(prefix) reused") }
            for field in object.fields {
                if let compound = field.compoundFieldName, compound != "Name", compound != "Fiscal" {
                    #expect(object.field(named: compound) != nil, "\(object.name).\(field.name) → \(compound)")
                }
                #expect(field.picklistValues.filter(\.isDefault).count <= 1, "\(object.name).\(field.name)")
            }
        }
        #expect(Set(StandardObjects.all.map(\.name)).count == StandardObjects.all.count)
    }

    @Test func keyPrefixesAreTheRealOnes() {
        let expected = [
            "Account": "001", "Contact": "003", "User": "005", "Opportunity": "006", "Lead": "00Q", "Task": "00T",
            "Event": "00U", "Case": "500", "Campaign": "701", "CampaignMember": "00v", "OpportunityHistory": "008",
            "OpportunityLineItem": "00k", "OpportunityContactRole": "00K", "Product2": "01t", "Pricebook2": "01s",
            "PricebookEntry": "01u", "Invoice__c": "a01",
        ]
        for (name, prefix) in expected { #expect(StandardObjects.named(name)?.keyPrefix == prefix, "\(name)") }
    }

    @Test func replicationColumnsFollowTheRealObjects() throws {
        let history = try #require(StandardObjects.named("OpportunityHistory"))
        #expect(history.field(named: "LastModifiedDate") == nil)
        #expect(history.field(named: "SystemModstamp") != nil)
        let caseStatus = try #require(StandardObjects.named("CaseStatus"))
        #expect(caseStatus.field(named: "SystemModstamp") == nil && caseStatus.field(named: "LastModifiedDate") == nil)
        #expect(caseStatus.bulkQueryable == false)
        for name in ["UserRecordAccess", "Vote", "ContentDocumentLink", "AggregateResult", "Name", "AccountChangeEvent"] {
            let object = try #require(StandardObjects.named(name), "\(name)")
            #expect(object.notQueryableReason != nil, "\(name)")
        }
    }

    @Test func customObjectHasItsCompoundLocationAndLongText() throws {
        let invoice = try #require(StandardObjects.named("Invoice__c"))
        #expect(invoice.custom)
        #expect(invoice.field(named: "Location__Latitude__s")?.compoundFieldName == "Location__c")
        #expect(invoice.field(named: "Location__c")?.type == .location)
        let notes = try #require(invoice.field(named: "Notes__c"))
        #expect(!notes.filterable && !notes.sortable && notes.length == 32768)
        #expect(invoice.field(named: "Account__c")?.relationshipName == "Account__r")
        let children = childRelationships(of: try #require(StandardObjects.named("Account")), in: StandardObjects.all)
        #expect(children.contains { $0.childSObject == "Invoice__c" && $0.relationshipName == "Invoices__r" })
    }

    // MARK: helpers

    /// `Tests/Fixtures/salesforce` in the package (recorded responses copied from the shared fixtures; symlinks resolved, so a scratch
    /// package that links this file finds the same directory).
    static func fixtureDirectory() throws -> URL {
        let packageRoot = URL(fileURLWithPath: #filePath).resolvingSymlinksInPath()
            .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let directory = packageRoot.appendingPathComponent("Tests/Fixtures/salesforce").standardized
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: directory.path, isDirectory: &isDirectory), isDirectory.boolValue else {
            Issue.record("Fixture directory \(directory.path) is missing: the describe tests need the recorded describes.")
            throw FixtureMissing()
        }
        return directory
    }

    struct FixtureMissing: Error {}

    static func fixture(_ file: String) throws -> [String: Any] {
        let data = try Data(contentsOf: try fixtureDirectory().appendingPathComponent(file))
        return try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
    }

    static func describe(_ name: String, version: String = "48.0") throws -> [String: Any] {
        let object = try #require(StandardObjects.named(name))
        return try foundation(describeJSON(of: object, in: StandardObjects.all, version: version))
    }

    /// Our JSON read back through Foundation, so it compares like the fixtures.
    static func foundation(_ json: JSON) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(json.bytes)) as? [String: Any])
    }

    static func name(_ dictionary: [String: Any]) -> String { string(dictionary["name"]) }

    static func string(_ value: Any?) -> String { value as? String ?? "" }

    /// Equality of two decoded JSON values (NSNull, numbers, strings, arrays, objects).
    static func same(_ a: Any?, _ b: Any?) -> Bool {
        switch (a, b) {
        case (nil, nil): return true
        case (let x as NSObject, let y as NSObject): return x.isEqual(y)
        default: return false
        }
    }

    /// Our picklist lists every recorded value, in order, with its label and default; a new org may
    /// have more (`Mx.`). Time zones are a subset by design and skipped.
    static func expectPicklistCovers(_ mine: [String: Any], _ theirs: [String: Any], field: String) throws {
        guard !field.hasSuffix("TimeZoneSidKey") else { return }
        let ours = try #require(mine["picklistValues"] as? [[String: Any]])
        let recorded = try #require(theirs["picklistValues"] as? [[String: Any]])
        let ourValues = ours.map { string($0["value"]) }
        var position = 0
        for entry in recorded {
            let value = string(entry["value"])
            guard let index = ourValues[position...].firstIndex(of: value) else {
                Issue.record("\(field) lacks picklist value \(value)")
                continue
            }
            #expect(same(ours[index]["label"], entry["label"]), "\(field) label of \(value)")
            #expect(same(ours[index]["defaultValue"], entry["defaultValue"]), "\(field) default of \(value)")
            #expect(Set(ours[index].keys) == Set(entry.keys), "\(field) picklist keys")
            position = index + 1
        }
    }
}
