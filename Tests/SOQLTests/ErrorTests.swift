import SOQL
import Testing

@Suite("Errors: codes, messages and caret positions")
struct ErrorTests {
    static let fieldHint =
        "If you are attempting to use a custom field, be sure to append the '__c' after the custom field name. Please reference your WSDL or the describe call for the appropriate names."

    @Test func unknownFieldMatchesSalesforceText() {
        let error = queryError("SELECT Foo FROM Account")
        #expect(error?.code == "INVALID_FIELD")
        #expect(
            error?.message
                == "\nSELECT Foo FROM Account\n       ^\nERROR at Row:1:Column:8\nNo such column 'Foo' on entity 'Account'. \(Self.fieldHint)"
        )
    }

    @Test func unknownObjectMatchesRecordedResponse() {
        let error = queryError("select count() from XYZZY")
        #expect(error?.code == "INVALID_TYPE")
        #expect(
            error?.message
                == "\nselect count() from XYZZY\n                    ^\nERROR at Row:1:Column:21\nsObject type 'XYZZY' is not supported. If you are attempting to use a custom object, be sure to append the '__c' after the entity name. Please reference your WSDL or the describe call for the appropriate names."
        )
    }

    @Test func unknownFieldOnParentNamesTheParent() {
        let error = queryError("SELECT Owner.Foo FROM Account")
        #expect(error?.code == "INVALID_FIELD")
        #expect(error?.message.hasSuffix("\nNo such column 'Foo' on entity 'User'. \(Self.fieldHint)") == true)
        #expect(error?.message.contains("ERROR at Row:1:Column:8\n") == true)
    }

    @Test func unknownRelationship() {
        let error = queryError("SELECT Id, Foo.Name FROM Account")
        #expect(error?.code == "INVALID_FIELD")
        #expect(
            error?.message
                == "\nSELECT Id, Foo.Name FROM Account\n           ^\nERROR at Row:1:Column:12\nDidn't understand relationship 'Foo' in field path. If you are attempting to use a custom relationship, be sure to append the '__r' after the custom relationship name. Please reference your WSDL or the describe call for the appropriate names."
        )
        // A plain field is not a relationship either.
        #expect(queryError("SELECT Name.Foo FROM Account")?.message.contains("Didn't understand relationship 'Name'") == true)
    }

    @Test func mixingAndWithOrIsMalformed() {
        let error = queryError("SELECT Id FROM Account WHERE Name = 'a' AND Name = 'b' OR Name = 'c'")
        #expect(error?.code == "MALFORMED_QUERY")
        #expect(error?.message.hasSuffix("\nERROR at Row:1:Column:56\nunexpected token: OR") == true)
        let other = queryError("SELECT Id FROM Account WHERE Name = 'a' or Name = 'b' and Name = 'c'")
        #expect(other?.message.hasSuffix("unexpected token: and") == true)
        #expect(queryError("SELECT Id FROM Account WHERE (Name = 'a' AND Name = 'b') OR Name = 'c'") == nil)
    }

    @Test func multiLineQueryShowsOnlyTheOffendingLine() {
        let error = queryError("SELECT Id,\n  Bogus__c\nFROM Account")
        #expect(error?.code == "INVALID_FIELD")
        #expect(
            error?.message
                == "\n  Bogus__c\n  ^\nERROR at Row:2:Column:3\nNo such column 'Bogus__c' on entity 'Account'. \(Self.fieldHint)"
        )
    }

    @Test func syntaxErrors() {
        #expect(queryError("SELECT Id FROM")?.message.hasSuffix("ERROR at Row:1:Column:15\nunexpected token: <EOF>") == true)
        #expect(queryError("SELECT Id FROM Account WHERE")?.message.hasSuffix("unexpected token: <EOF>") == true)
        let trailing = queryError("SELECT Id FROM Account q")
        #expect(trailing?.code == "MALFORMED_QUERY")
        #expect(trailing?.message.hasSuffix("ERROR at Row:1:Column:24\nunexpected token: q") == true)
        #expect(queryError("SELECT Id FROM Account WHERE Name = foo")?.message.hasSuffix("unexpected token: foo") == true)
        #expect(queryError("SELECT Id FROM Account LIMIT 'x'")?.message.hasSuffix("unexpected token: 'x'") == true)
        #expect(queryError("SELECT Id FROM Account WHERE Name = 'abc")?.code == "MALFORMED_QUERY")
        let stray = queryError("SELECT Id FROM Account WHERE Name # 'a'")
        #expect(stray?.message.hasSuffix("line 1:34 no viable alternative at character '#'") == true)
        #expect(queryError("SELECT Id FROM Account WHERE CreatedDate > 2024-02-30T00:00:00Z")?.code == "MALFORMED_QUERY")
    }

    @Test func illegalEscapes() {
        let error = queryError(#"SELECT Id FROM Account WHERE Name = 'a\%'"#)
        #expect(error?.code == "MALFORMED_QUERY")
        #expect(
            error?.message.hasSuffix(#"Invalid string literal 'a\%'. Illegal character sequence '\%' in string literal."#)
                == true)
        #expect(queryError(#"SELECT Id FROM Account WHERE Name LIKE 'a\%'"#) == nil)
        #expect(queryError(#"SELECT Id FROM Account WHERE Name = 'a\q'"#)?.code == "MALFORMED_QUERY")
    }

    @Test func nonFilterableFields() {
        for field in ["Description", "BillingAddress", "Logo__c"] {
            let error = queryError("SELECT Id FROM Account WHERE \(field) = 'x'")
            #expect(error?.code == "INVALID_FIELD")
            #expect(
                error?.message
                    == "\nSELECT Id FROM Account WHERE \(field) = 'x'\n                             ^\nERROR at Row:1:Column:30\nfield '\(field)' can not be filtered in a query call"
            )
        }
        #expect(queryError("SELECT Id FROM Account ORDER BY Description")?.message.hasSuffix("field 'Description' can not be sorted in a query call") == true)
    }

    @Test func typeMismatches() {
        let quoted = queryError("SELECT Id FROM Account WHERE CreatedDate > '2024-01-01T00:00:00Z'")
        #expect(quoted?.code == "INVALID_FIELD")
        #expect(
            quoted?.message.hasSuffix(
                "ERROR at Row:1:Column:44\nvalue of filter criterion for field 'CreatedDate' must be of type dateTime and should not be enclosed in quotes"
            ) == true)
        let dateForDateTime = queryError("SELECT Id FROM Account WHERE createddate > 2024-01-01")
        #expect(dateForDateTime?.message.hasSuffix("field 'CreatedDate' must be of type dateTime and should not be enclosed in quotes") == true)
        let dateTimeForDate = queryError("SELECT Id FROM Account WHERE LastActivityDate > 2024-01-01T00:00:00Z")
        #expect(dateTimeForDate?.message.hasSuffix("must be of type date and should not be enclosed in quotes") == true)
        #expect(queryError("SELECT Id FROM Account WHERE Name = 5")?.message.hasSuffix("field 'Name' must be of type string and should be enclosed in quotes") == true)
        #expect(queryError("SELECT Id FROM Account WHERE IsDeleted = 'true'")?.message.hasSuffix("must be of type boolean and should not be enclosed in quotes") == true)
        #expect(queryError("SELECT Id FROM Account WHERE NumberOfEmployees > '5'")?.message.hasSuffix("must be of type integer and should not be enclosed in quotes") == true)
        #expect(queryError("SELECT Id FROM Account WHERE Name IN ('a', 2)")?.code == "INVALID_FIELD")
        #expect(queryError("SELECT Id FROM Account WHERE AnnualRevenue LIKE 'x'")?.code == "INVALID_QUERY_FILTER_OPERATOR")
    }

    @Test func invalidIdLiteral() {
        let error = queryError("SELECT Id FROM Account WHERE Id = 'abc'")
        #expect(error?.code == "INVALID_QUERY_FILTER_OPERATOR")
        #expect(error?.message.hasSuffix("ERROR at Row:1:Column:35\ninvalid ID field: abc") == true)
    }

    @Test func duplicateFields() {
        let error = queryError("SELECT Id, Name, id FROM Account")
        #expect(error?.code == "MALFORMED_QUERY")
        #expect(error?.message.hasSuffix("ERROR at Row:1:Column:18\nduplicate field selected: Id") == true)
        #expect(queryError("SELECT Id, FIELDS(ALL) FROM Account LIMIT 10")?.message.hasSuffix("duplicate field selected: Id") == true)
        #expect(queryError("SELECT Owner.Name, owner.name FROM Account")?.message.hasSuffix("duplicate field selected: Owner.Name") == true)
    }

    @Test func fieldsFunctionNeedsLimit() {
        let error = queryError("SELECT FIELDS(ALL) FROM Account")
        #expect(error?.code == "MALFORMED_QUERY")
        #expect(error?.message.hasSuffix("ERROR at Row:1:Column:8\nThe SOQL FIELDS function must have a LIMIT of at most 200") == true)
        #expect(queryError("SELECT FIELDS(CUSTOM) FROM Account LIMIT 201")?.code == "MALFORMED_QUERY")
        #expect(queryError("SELECT FIELDS(CUSTOM) FROM Account LIMIT 200") == nil)
        #expect(queryError("SELECT FIELDS(STANDARD) FROM Account") == nil)
    }

    @Test func offsetAboveTwoThousand() {
        let error = queryError("SELECT Id FROM Account LIMIT 10 OFFSET 2001")
        #expect(error?.code == "NUMBER_OUTSIDE_VALID_RANGE")
        #expect(error?.message.hasSuffix("ERROR at Row:1:Column:40\nMaximum SOQL offset allowed is 2000") == true)
        #expect(queryError("SELECT Id FROM Account OFFSET 2000") == nil)
    }

    @Test func aggregatesAndPlainFieldsDoNotMix() {
        let error = queryError("SELECT Name, COUNT(Id) FROM Account")
        #expect(error?.code == "MALFORMED_QUERY")
        #expect(error?.message.hasSuffix("Field must be grouped or aggregated: Name") == true)
        #expect(queryError("SELECT SUM(Name) FROM Account")?.message.hasSuffix("field Name does not support aggregate operator SUM") == true)
        #expect(queryError("SELECT COUNT(), Id FROM Account")?.code == "MALFORMED_QUERY")
    }

    @Test func polymorphicFieldMissingOnEveryCandidate() {
        let error = queryError("SELECT Who.Subject FROM Task")
        #expect(error?.code == "INVALID_FIELD")
        #expect(error?.message.hasSuffix("No such column 'Subject' on entity 'Name'. \(Self.fieldHint)") == true)
        #expect(queryError("SELECT Who.Company FROM Task") == nil)
    }
}
