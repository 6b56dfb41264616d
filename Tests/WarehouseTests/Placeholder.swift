import Testing
import Warehouse

@Test func WarehouseLinks() {}
