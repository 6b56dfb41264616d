/// The sObjects of a new Developer Edition org, plus what a typical customer adds (a few custom
/// fields, the `Invoice__c` object). Field order is describe order, which is also storage order.
public enum StandardObjects {
    /// Every object the org lists in describeGlobal: sales and service objects first, then the
    /// customer's custom object, then objects that describe but cannot be queried generically.
    public static let all: [ObjectSchema] =
        [
            account, contact, lead, opportunity, opportunityContactRole, opportunityHistory, opportunityLineItem,
            product2, pricebook2, pricebookEntry, campaign, campaignMember, task, event, user, `case`, caseStatus,
            invoice, userPermissionAccess,
        ] + describeOnly

    /// Looks an object up by API name, case-insensitively as the REST API does.
    public static func named(_ name: String) -> ObjectSchema? {
        let key = name.lowercased()
        return all.first { $0.name.lowercased() == key }
    }
}
