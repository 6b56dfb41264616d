import Testing
import SalesforceKit

@Test func SalesforceKitLinks() {}
