import SOQL
import Testing

@Suite("Column values, parents and polymorphic lookups")
struct RowAccessTests {
    let store = TestStore()

    func setUp() -> (contact: TestRow, lead: TestRow, tasks: [TestRow]) {
        store.add("User", [.string("005000000000001AAA"), .string("Ann"), .string("ann@x.com"), .null, .boolean(true)])
        store.add("Account", [.string("001000000000001AAA"), .string("Acme"), .string("005000000000001AAA")]
            + Array(repeating: .null, count: 12))
        let contact = store.add("Contact", [.string("003000000000001AAA"), .string("Smith"), .string("s@x.com"),
                                            .string("001000000000001AAA"), .null, .null])
        let lead = store.add("Lead", [.string("00Q000000000001AAA"), .string("Initech"), .string("l@x.com"), .string("Lee")])
        let tasks = [
            store.add("Task", [.string("00T000000000001AAA"), .string("Call"), .string("003000000000001AAA"), .null]),
            store.add("Task", [.string("00T000000000002AAA"), .string("Email"), .string("00Q000000000001AAA"), .null]),
            store.add("Task", [.string("00T000000000003AAA"), .string("Note"), .null, .null]),
        ]
        return (contact, lead, tasks)
    }

    @Test func valuesFollowLookups() throws {
        let (contact, _, _) = setUp()
        let query = try bind("SELECT LastName, Account.Name, Account.Owner.Email, Owner.Name FROM Contact")
        #expect(query.value(ofColumn: 0, in: contact) == .string("Smith"))
        #expect(query.value(ofColumn: 1, in: contact) == .string("Acme"))
        #expect(query.value(ofColumn: 2, in: contact) == .string("ann@x.com"))
        #expect(query.value(ofColumn: 3, in: contact) == .null)
        #expect(query.parentRow(forColumn: 2, hop: 0, in: contact)?.objectName == "Account")
        #expect(query.parentRow(forColumn: 2, hop: 1, in: contact)?.objectName == "User")
        #expect(query.parentRow(forColumn: 3, hop: 0, in: contact) == nil)
        if let owner = query.parentRow(forColumn: 2, hop: 1, in: contact) {
            #expect(query.leafValue(ofColumn: 2, in: owner) == .string("ann@x.com"))
        }
    }

    @Test func polymorphicLookupPicksFieldByParentObject() throws {
        let (_, _, tasks) = setUp()
        let query = try bind("SELECT Subject, Who.Name, Who.Email, Who.Company FROM Task")
        // Contact has no Name field in this catalog; Lead does.
        #expect(tasks.map { query.value(ofColumn: 1, in: $0) } == [.null, .string("Lee"), .null])
        #expect(tasks.map { query.value(ofColumn: 2, in: $0) } == [.string("s@x.com"), .string("l@x.com"), .null])
        #expect(tasks.map { query.value(ofColumn: 3, in: $0) } == [.null, .string("Initech"), .null])
        #expect(query.parentRow(forColumn: 1, hop: 0, in: tasks[0])?.objectName == "Contact")
        #expect(query.parentRow(forColumn: 1, hop: 0, in: tasks[2]) == nil)
        let filtered = try bind("SELECT Id FROM Task WHERE Who.Email LIKE 'l@%'")
        #expect(tasks.filter { filtered.matches($0) }.count == 1)
    }
}
