import Testing
import Warehouse

@Suite struct ColumnTypeTests {
    @Test(arguments: [
        ("id", ColumnType.text), ("reference", .text), ("string", .text), ("picklist", .text), ("multipicklist", .text),
        ("textarea", .text), ("email", .text), ("phone", .text), ("url", .text), ("combobox", .text),
        ("encryptedstring", .text), ("base64", .text), ("anyType", .text), ("complexvalue", .text), ("json", .text),
        ("datacategorygroupreference", .text), ("address", .text), ("location", .text), ("somethingNew", .text),
        ("int", .integer), ("long", .integer), ("double", .real), ("currency", .real), ("percent", .real),
        ("boolean", .boolean), ("date", .date), ("datetime", .datetime), ("time", .time),
    ])
    func mapsSalesforceType(_ salesforceType: String, _ expected: ColumnType) {
        #expect(ColumnType(salesforceType: salesforceType) == expected)
    }

    @Test func columnSpecLowerCasesTheName() {
        let spec = ColumnSpec(sourceName: "SystemModstamp", salesforceType: "datetime")
        #expect(spec.name == "systemmodstamp")
        #expect(spec.sourceName == "SystemModstamp")
        #expect(spec.type == .datetime)
    }
}
