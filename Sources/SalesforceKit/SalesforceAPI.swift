/// SalesforceKit: talking to Salesforce (OAuth, REST, Bulk API 2.0). See the files beside this one.
public enum SalesforceAPI { public static let defaultVersion = "62.0" }
