import Foundation
import SalesforceKit
import Testing
import Warehouse
@testable import Sync

/// How structure sync picks a table's replication from describe: only a filterable date can key
/// a window.
@Suite struct ReplicationPlanningTests {
    func describe(_ fields: [(String, Bool)]) -> ObjectDescribe {
        ObjectDescribe(name: "Thing__c", label: "Thing", fields: [FieldDescribe(name: "Id", type: "id")]
            + fields.map { FieldDescribe(name: $0.0, type: "datetime", filterable: $0.1) })
    }

    @Test func theFirstFilterableDateKeysTheWindows() {
        let plain = describe([("SystemModstamp", true), ("LastModifiedDate", true), ("CreatedDate", true)])
        #expect(SchemaMapping.defaultReplication(for: plain) == (.modifiedAt, "SystemModstamp"))
        #expect(SchemaMapping.fullTableReason(for: plain) == nil)
        let stampNotFilterable = describe([("SystemModstamp", false), ("LastModifiedDate", true), ("CreatedDate", true)])
        #expect(SchemaMapping.defaultReplication(for: stampNotFilterable) == (.modifiedAt, "LastModifiedDate"))
        let onlyCreated = describe([("SystemModstamp", false), ("CreatedDate", true)])
        #expect(SchemaMapping.defaultReplication(for: onlyCreated) == (.addDate, "CreatedDate"))
    }

    @Test func anObjectWhoseDatesCannotBeFilteredOnIsCopiedWholeWithTheReason() {
        let none = describe([("SystemModstamp", false), ("CreatedDate", false)])
        #expect(SchemaMapping.defaultReplication(for: none) == (.fullTable, nil))
        let reason = SchemaMapping.fullTableReason(for: none)
        #expect(reason?.contains("SystemModstamp, CreatedDate") == true)
        // An object without dates is a plain full table: nothing to explain.
        #expect(SchemaMapping.fullTableReason(for: describe([])) == nil)
    }

    @Test func describeSaysFilterableUnlessToldOtherwise() throws {
        let json = #"{"name": "SystemModstamp", "type": "datetime"}"#
        #expect(try JSONDecoder().decode(FieldDescribe.self, from: Data(json.utf8)).filterable)
        let refused = #"{"name": "SystemModstamp", "type": "datetime", "filterable": false}"#
        #expect(try !JSONDecoder().decode(FieldDescribe.self, from: Data(refused.utf8)).filterable)
    }
}
