extension StandardObjects {
    /// A lead or contact in a campaign. Person and address fields are copied from the member.
    public static let campaignMember = ObjectSchema(
        name: "CampaignMember", label: "Campaign Member", labelPlural: "Campaign Members", keyPrefix: "00v",
        searchable: false,
        fields: FieldSchema.list(
            [
                .id("Campaign Member ID"),
                .isDeleted,
                .lookup(
                    "CampaignId", to: "Campaign", "Campaign", nillable: false, updateable: false,
                    children: "CampaignMembers", cascade: true),
                .lookup("LeadId", to: "Lead", "Lead", updateable: false, children: "CampaignMembers", cascade: true),
                .lookup("ContactId", to: "Contact", "Contact", updateable: false, children: "CampaignMembers", cascade: true),
                .picklist(
                    "Status", [PicklistValue("Sent", isDefault: true), PicklistValue("Responded")], length: 255,
                    defaultedOnCreate: true),
                .system("HasResponded", .boolean, label: "Responded"),
            ],
            FieldSchema.audit,
            [
                .derived("FirstRespondedDate", .date, label: "First Responded Date"),
                .derived("Salutation", .string, length: 40),
                .derived("Name", .string, length: 121),
                .derived("FirstName", .string, length: 40),
                .derived("LastName", .string, length: 80),
                .derived("Title", .string, length: 128),
                .derived("Street", .string),
                .derived("City", .string, length: 40),
                .derived("State", .string, length: 80),
                .derived("PostalCode", .string, label: "Zip", length: 20),
                .derived("Country", .string, length: 80),
                .derived("Email", .email, length: 80),
                .derived("Phone", .phone),
                .derived("Fax", .phone),
                .derived("MobilePhone", .phone, label: "Mobile"),
                .derived("Description", .string),
                .system("DoNotCall", .boolean),
                .system("HasOptedOutOfEmail", .boolean, label: "Email Opt Out"),
                .system("HasOptedOutOfFax", .boolean, label: "Fax Opt Out"),
                .derived("LeadSource", .string, label: "Lead Source"),
                .derived("CompanyOrAccount", .string, label: "Company (Account)"),
                .derived("Type", .string, length: 40),
                .lookup("LeadOrContactId", to: Activities.whoTargets, nil, label: "Contact or Lead ID", createable: false, updateable: false),
                .lookup(
                    "LeadOrContactOwnerId", to: ["Group", "User"], nil, label: "Contact or Lead Owner ID", createable: false,
                    updateable: false),
            ]
        )
    ).with {
        $0.mruEnabled = false
        $0.undeletable = false
        $0.scopes = [.init("everything", "All campaign members")]
        $0.urlKinds = [.compactLayouts, .layouts]
    }
}
