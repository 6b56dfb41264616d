/// SalesforceKit: talking to Salesforce (OAuth 2.0, REST, Bulk API 2.0) as a typed client.
public enum SalesforceAPI {
    /// The REST version every call uses unless told otherwise (one constant, as DESIGN.md asks).
    public static let defaultVersion = "62.0"
}
