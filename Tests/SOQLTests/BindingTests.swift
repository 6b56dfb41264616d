import SOQL
import Testing

@Suite("Parsing and binding")
struct BindingTests {
    @Test func columnsUseDescribeCasing() throws {
        let query = try bind("select id, NAME, owner.email, Owner.Manager.Name from ACCOUNT")
        #expect(query.object.name == "Account")
        #expect(query.columns.map(\.name) == ["Id", "Name", "Email", "Name"])
        #expect(query.columns.map(\.dottedName) == ["Id", "Name", "Owner.Email", "Owner.Manager.Name"])
        #expect(query.columns[3].relationshipPath == ["Owner", "Manager"])
        #expect(query.columns[3].relationshipObjects == ["User", "User"])
        #expect(query.columns[2].field.kind == .string)
        #expect(query.referencedFieldNames == ["Id", "Name", "OwnerId"])
        #expect(query.referencedFieldIndices == [0, 1, 2])
        #expect(!query.isCount && !query.hasOrderBy && query.limit == nil && query.offset == nil)
    }

    @Test func parseKeepsObjectNameAsWritten() throws {
        let parsed = try SOQLQuery.parse("SELECT Id FROM account LIMIT 5 OFFSET 10")
        #expect(parsed.objectName == "account")
        #expect(parsed.limit == 5)
        #expect(parsed.offset == 10)
    }

    @Test func objectNameQualifier() throws {
        let query = try bind("SELECT Account.Name FROM Account")
        #expect(query.columns.map(\.dottedName) == ["Name"])
    }

    @Test func referencedFieldsIncludeWhereAndOrderBy() throws {
        let query = try bind(
            "SELECT Name FROM Account WHERE SystemModstamp > 2024-01-01T00:00:00Z ORDER BY CreatedDate, Owner.Name")
        #expect(query.referencedFieldNames == ["Name", "SystemModstamp", "CreatedDate", "OwnerId"])
        #expect(query.hasOrderBy)
    }

    @Test func fieldsFunctions() throws {
        let all = try bind("SELECT FIELDS(ALL) FROM Account LIMIT 200")
        #expect(all.columns.count == 15)
        let custom = try bind("SELECT FIELDS(CUSTOM) FROM Account LIMIT 1")
        #expect(custom.columns.map(\.name) == ["Rating__c", "Interests__c", "Logo__c"])
        let standard = try bind("SELECT FIELDS(STANDARD) FROM Lead")
        #expect(standard.columns.map(\.name) == ["Id", "Company", "Email", "Name"])
    }

    @Test func countAndAggregates() throws {
        let count = try bind("SELECT COUNT() FROM Account")
        #expect(count.isCount)
        #expect(count.columns.isEmpty)
        let aggregates = try bind("SELECT COUNT(Id), MAX(CreatedDate) latest, MIN(Name) FROM Account")
        #expect(!aggregates.isCount)
        #expect(aggregates.aggregates.map(\.alias) == ["expr0", "latest", "expr1"])
        #expect(aggregates.aggregates.map(\.function) == [.count, .max, .min])
        #expect(aggregates.columns.map(\.name) == ["Id", "CreatedDate", "Name"])
        #expect(aggregates.outputTree.isEmpty)
    }

    @Test func outputTreeGroupsRelationships() throws {
        let query = try bind("SELECT Id, Owner.Name, Name, Owner.Email, Owner.Manager.Email FROM Account")
        #expect(describe(query.outputTree) == "[0, Owner(2){[1, 3, Manager(3){[4]}]}, 2]")
    }

    @Test func polymorphicColumn() throws {
        let query = try bind("SELECT Subject, Who.Name, Who.Company FROM Task")
        #expect(query.columns[1].relationshipPath == ["Who"])
        #expect(query.columns[1].relationshipObjects == [nil])
        #expect(query.columns[1].dottedName == "Who.Name")
        #expect(query.columns[2].dottedName == "Who.Company")
    }

    private func describe(_ nodes: [BoundQuery.OutputNode]) -> String {
        "[" + nodes.map { node in
            switch node {
            case .column(let i): "\(i)"
            case .relationship(let name, let lookup, let children): "\(name)(\(lookup)){\(describe(children))}"
            }
        }.joined(separator: ", ") + "]"
    }
}
