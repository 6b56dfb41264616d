import Testing

@testable import SandboxOrg

@Suite struct SalesforceIDTests {
    @Test func checksumMatchesRealIds() {
        // Ids recorded from real orgs (fixtures): the last three characters are the checksum.
        for id in ["001Da00000xnAk6IAE", "0015f00000C6becAAB", "0015f00000BCvReAAL", "003RO0000035WQgYAM"] {
            let suffix = String(decoding: SalesforceID.checksum(Array(id.utf8.prefix(15))), as: UTF8.self)
            #expect(suffix == String(id.suffix(3)), "checksum of \(id)")
        }
    }

    @Test func roundTripsIndexAndPrefix() throws {
        for index in [0, 1, 61, 62, 3_843, 1_000_000, 99_999_999] {
            let id = SalesforceID.make(prefix: "00Q", index: index)
            #expect(id.count == 18)
            let parsed = try #require(SalesforceID.parse(id))
            #expect(parsed.prefix == "00Q" && parsed.index == index)
            // 15-character and lower-cased 18-character forms name the same record.
            #expect(SalesforceID.parse(String(id.prefix(15)))?.index == index)
            #expect(SalesforceID.canonical(id.lowercased()) == id)
        }
    }

    @Test func idsSortInCreationOrder() {
        let ids = (0..<500).map { SalesforceID.make(prefix: "001", index: $0 * 7_919) }
        #expect(ids == ids.sorted())
    }

    @Test func rejectsForeignAndCorruptIds() {
        #expect(SalesforceID.parse("001Da00000xnAk6IAE") == nil)  // another org's pod
        #expect(SalesforceID.parse("not-an-id") == nil)
        let id = SalesforceID.make(prefix: "001", index: 42)
        #expect(SalesforceID.parse(String(id.dropLast()) + "Z") == nil)
    }
}
