/// Checked URLs are stored as their text (inside sealed connection secrets) and checked again
/// when read. A stored value was checked by the policy of whoever made the connection, which may
/// have been an operator naming a local sandbox org, so reading allows loopback too;
/// `ConnectionService` then refuses a loopback instance under a Salesforce login host.
extension SalesforceOrigin: Codable {
    public init(from decoder: any Decoder) throws {
        self = try SalesforceOrigin(checking: try decoder.singleValueContainer().decode(String.self), policy: .salesforceOrLocalSandbox)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(url)
    }
}

extension SalesforceURL: Codable {
    public init(from decoder: any Decoder) throws {
        self = try SalesforceURL(checking: try decoder.singleValueContainer().decode(String.self), policy: .salesforceOrLocalSandbox)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(url)
    }
}
