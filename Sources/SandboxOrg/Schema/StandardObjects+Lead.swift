extension StandardObjects {
    public static let lead = ObjectSchema(
        name: "Lead", labelPlural: "Leads", keyPrefix: "00Q",
        fields: FieldSchema.list(
            [
                .id("Lead ID"),
                .isDeleted,
                .masterRecord("Lead"),
            ],
            FieldSchema.personName(),
            [
                FieldSchema("Title", .string, length: 128),
                FieldSchema("Company", .string, nillable: false),
            ],
            FieldSchema.address(""),
            [
                FieldSchema("Phone", .phone),
                FieldSchema("MobilePhone", .phone),
                FieldSchema("Fax", .phone),
                FieldSchema("Email", .email, length: 80, idLookup: true),
                FieldSchema("Website", .url),
                .derived("PhotoUrl", .url, label: "Photo URL", extraTypeInfo: "imageurl"),
                .longText("Description"),
                .picklist("LeadSource", Picklists.leadSource, length: 255),
                .picklist(
                    "Status",
                    [
                        PicklistValue("Open - Not Contacted", isDefault: true), PicklistValue("Working - Contacted"),
                        PicklistValue("Closed - Converted"), PicklistValue("Closed - Not Converted"),
                    ], length: 255, nillable: false, defaultedOnCreate: true),
                .picklist("Industry", Picklists.industry, length: 255),
                .picklist("Rating", Picklists.rating, length: 255),
                FieldSchema("AnnualRevenue", .currency, precision: 18),
                FieldSchema("NumberOfEmployees", .int, label: "Employees", digits: 8),
                .owner(to: ["Group", "User"]),
                FieldSchema("IsConverted", .boolean, label: "Converted", nillable: false, updateable: false, defaultedOnCreate: true),
                .derived("ConvertedDate", .date),
                .lookup("ConvertedAccountId", to: "Account", "ConvertedAccount", createable: false, updateable: false),
                .lookup("ConvertedContactId", to: "Contact", "ConvertedContact", createable: false, updateable: false),
                .lookup("ConvertedOpportunityId", to: "Opportunity", "ConvertedOpportunity", createable: false, updateable: false),
                FieldSchema("IsUnreadByOwner", .boolean, label: "Unread By Owner", nillable: false, defaultedOnCreate: true),
            ],
            FieldSchema.audit,
            [
                .lastActivityDate,
                .lastViewedDate,
                .lastReferencedDate,
                FieldSchema("Jigsaw", .string, label: "Data.com Key", length: 20),
                FieldSchema("JigsawContactId", .string, length: 20, createable: false, updateable: false, relationshipName: "JigsawContact"),
                .picklist("CleanStatus", Picklists.cleanStatus, restricted: true),
                FieldSchema("CompanyDunsNumber", .string, label: "Company D-U-N-S Number", length: 9),
                .lookup("DandbCompanyId", to: "DandBCompany", "DandbCompany", label: "D&B Company ID"),
                FieldSchema("EmailBouncedReason", .string, createable: false),
                FieldSchema("EmailBouncedDate", .datetime, createable: false),
                .lookup("IndividualId", to: "Individual", "Individual"),
            ],
            CustomFields.lead
        )
    ).with {
        $0.feedEnabled = true
        $0.mergeable = true
        $0.scopes = [
            .init("everything", "All leads"), .init("mine", "My leads"), .init("queue_owned", "Queue owned leads"),
            .init("scopingRule", "Filter by scope"), .init("team", "My team's leads"), .init("user_owned", "User owned leads"),
        ]
    }
}
