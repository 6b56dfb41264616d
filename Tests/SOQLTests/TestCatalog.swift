import SOQL

/// A small describe: Account, Contact, User, Lead and Task (whose WhoId points to Contact or Lead).
struct TestObject: SOQLObject {
    let name: String
    let allFields: [SOQLField]

    init(_ name: String, _ fields: [(String, SOQLFieldKind)], lookups: [String: ([String], String)] = [:],
         unfilterable: Set<String> = [], unsortable: Set<String> = [])
    {
        self.name = name
        self.allFields = fields.enumerated().map { index, entry in
            let lookup = lookups[entry.0]
            return SOQLField(
                name: entry.0, kind: entry.1, index: index, referenceTo: lookup?.0 ?? [], relationshipName: lookup?.1,
                filterable: !unfilterable.contains(entry.0), sortable: !unsortable.contains(entry.0))
        }
    }

    func field(named name: String) -> SOQLField? {
        allFields.first { $0.name.lowercased() == name.lowercased() }
    }

    func relationship(named name: String) -> SOQLField? {
        allFields.first { $0.relationshipName?.lowercased() == name.lowercased() }
    }
}

struct TestCatalog: SOQLCatalog {
    let objects: [String: TestObject]

    func object(named name: String) -> (any SOQLObject)? { objects[name.lowercased()] }

    static let shared = TestCatalog(objects: Dictionary(uniqueKeysWithValues: [
        TestObject(
            "User", [("Id", .id), ("Name", .string), ("Email", .string), ("ManagerId", .id), ("IsActive", .boolean)],
            lookups: ["ManagerId": (["User"], "Manager")]),
        TestObject(
            "Account",
            [
                ("Id", .id), ("Name", .string), ("OwnerId", .id), ("CreatedDate", .dateTime),
                ("SystemModstamp", .dateTime), ("AnnualRevenue", .number), ("NumberOfEmployees", .integer),
                ("BillingAddress", .compound), ("Industry", .string), ("Description", .string),
                ("Rating__c", .string), ("Interests__c", .string), ("LastActivityDate", .date),
                ("IsDeleted", .boolean), ("Logo__c", .base64),
            ],
            lookups: ["OwnerId": (["User"], "Owner")], unfilterable: ["Description"], unsortable: ["Description"]),
        TestObject(
            "Contact",
            [("Id", .id), ("LastName", .string), ("Email", .string), ("AccountId", .id), ("OwnerId", .id),
             ("Birthdate", .date)],
            lookups: ["AccountId": (["Account"], "Account"), "OwnerId": (["User"], "Owner")]),
        TestObject("Lead", [("Id", .id), ("Company", .string), ("Email", .string), ("Name", .string)]),
        TestObject(
            "Task", [("Id", .id), ("Subject", .string), ("WhoId", .id), ("OwnerId", .id)],
            lookups: ["WhoId": (["Contact", "Lead"], "Who"), "OwnerId": (["User"], "Owner")]),
    ].map { ($0.name.lowercased(), $0) }))
}

/// Rows keyed by id; lookups resolve through the store, like the sandbox org's.
final class TestStore {
    var rows: [String: TestRow] = [:]

    @discardableResult
    func add(_ objectName: String, _ values: [SOQLValue]) -> TestRow {
        let row = TestRow(objectName: objectName, values: values, store: self)
        if case .string(let id) = values[0] { rows[id] = row }
        return row
    }
}

struct TestRow: SOQLRow {
    let objectName: String
    let values: [SOQLValue]
    unowned let store: TestStore

    func value(at index: Int) -> SOQLValue { values[index] }

    func parent(through index: Int) -> TestRow? {
        guard case .string(let id) = values[index] else { return nil }
        return store.rows[id]
    }
}

/// 2024-03-15T12:00:00Z, a Friday.
let testNow: Int64 = 1_710_504_000_000

func bind(_ soql: String, now: Int64 = testNow) throws -> BoundQuery {
    try SOQLQuery.parse(soql).bind(to: TestCatalog.shared, now: now)
}

/// The error a query fails with when parsed and bound, or nil.
func queryError(_ soql: String) -> SOQLError? {
    do {
        _ = try bind(soql)
        return nil
    } catch let error as SOQLError {
        return error
    } catch {
        return nil
    }
}

func ms(_ text: String) -> Int64 { SOQLDate.parseDateTime(text) ?? -1 }
func day(_ text: String) -> Int32 { SOQLDate.parseDate(text) ?? -1 }

/// An Account row with the given fields set and every other field null.
func account(_ store: TestStore, _ fields: [String: SOQLValue]) -> TestRow {
    let object = TestCatalog.shared.objects["account"]
    var values = [SOQLValue](repeating: .null, count: object?.allFields.count ?? 0)
    for (name, value) in fields {
        if let index = object?.field(named: name)?.index { values[index] = value }
    }
    return store.add("Account", values)
}
