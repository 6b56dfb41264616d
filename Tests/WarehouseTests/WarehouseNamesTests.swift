import Testing
import Warehouse

/// Names over PostgreSQL's 63 bytes are shortened the same way everywhere, and never collide.
@Suite struct WarehouseNamesTests {
    @Test func namesOf63BytesOrFewerAreUnchanged() {
        #expect(WarehouseNames.table(forObject: "Account") == "sf_account")
        #expect(WarehouseNames.column(forField: "Days_Open__c") == "days_open__c")
        let exactly63 = String(repeating: "a", count: 63)
        #expect(WarehouseNames.fitting(exactly63) == exactly63)
    }

    @Test func longerNamesKeepTheirStartAndEndInAHashOfTheWhole() {
        // A managed package's history object: sf_ + 15-character namespace + 40 + __history = 69 bytes.
        let object = "acmepackage0001__Quarterly_Revenue_Forecast_Adjustment_Li__History"
        let table = WarehouseNames.table(forObject: object)
        #expect(table.utf8.count == 63)
        #expect(table.hasPrefix("sf_acmepackage0001__quarterly_revenue_forecast_adjustm"))
        #expect(table.dropFirst(54).first == "_")
        #expect(table.suffix(8).allSatisfy { $0.isHexDigit })
        #expect(WarehouseNames.table(forObject: object) == table, "deterministic")
        // Its share object shares the first 63 bytes but not the name.
        let share = WarehouseNames.table(forObject: "acmepackage0001__Quarterly_Revenue_Forecast_Adjustment_Li__Share")
        #expect(share != table && share.utf8.count == 63)
    }
}
