import SOQL
import Testing

@Suite("ORDER BY")
struct OrderingTests {
    let store = TestStore()

    func sorted(_ orderBy: String, _ rows: [TestRow]) throws -> [String] {
        let query = try bind("SELECT Name FROM Account ORDER BY \(orderBy)")
        return rows.sorted { query.orderedBefore($0, $1) }.map {
            if case .string(let name) = $0.values[1] { return name }
            return "?"
        }
    }

    func rows() -> [TestRow] {
        [
            account(store, ["Name": .string("b"), "Industry": .string("energy"), "NumberOfEmployees": .integer(3)]),
            account(store, ["Name": .string("n"), "NumberOfEmployees": .integer(1)]),
            account(store, ["Name": .string("A"), "Industry": .string("Banking"), "NumberOfEmployees": .integer(2)]),
            account(store, ["Name": .string("c"), "Industry": .string("Energy")]),
        ]
    }

    @Test func ascendingPutsNullsFirstAndIgnoresCase() throws {
        #expect(try sorted("Name", rows()) == ["A", "b", "c", "n"])
        #expect(try sorted("Industry", rows()).first == "n")
        #expect(try sorted("Industry ASC, Name DESC", rows()) == ["n", "A", "c", "b"])
    }

    @Test func descendingPutsNullsLast() throws {
        #expect(try sorted("NumberOfEmployees DESC", rows()) == ["b", "A", "n", "c"])
        #expect(try sorted("NumberOfEmployees DESC NULLS FIRST", rows()) == ["c", "b", "A", "n"])
        #expect(try sorted("NumberOfEmployees ASC NULLS LAST", rows()) == ["n", "A", "b", "c"])
        #expect(try sorted("NumberOfEmployees", rows()) == ["c", "n", "A", "b"])
    }

    @Test func idsSortCaseSensitively() throws {
        let a = account(store, ["Id": .string("001000000000000aAA"), "Name": .string("lower")])
        let b = account(store, ["Id": .string("001000000000000BAA"), "Name": .string("upper")])
        #expect(try sorted("Id", [a, b]) == ["upper", "lower"])
    }

    @Test func equalKeysAreNotOrdered() throws {
        let query = try bind("SELECT Id FROM Account ORDER BY Industry")
        let x = account(store, ["Industry": .string("Energy")])
        let y = account(store, ["Industry": .string("ENERGY")])
        #expect(!query.orderedBefore(x, y) && !query.orderedBefore(y, x))
        let unordered = try bind("SELECT Id FROM Account")
        #expect(!unordered.hasOrderBy && !unordered.orderedBefore(x, y))
    }
}
