extension StandardObjects {
    public static let opportunityContactRole = ObjectSchema(
        name: "OpportunityContactRole", labelPlural: "Opportunity Contact Role", keyPrefix: "00K", searchable: false,
        fields: FieldSchema.list(
            [
                .id("Contact Role ID"),
                .lookup(
                    "OpportunityId", to: "Opportunity", "Opportunity", nillable: false, updateable: false, children: "OpportunityContactRoles",
                    cascade: true),
                .lookup("ContactId", to: "Contact", "Contact", nillable: false, children: "OpportunityContactRoles", cascade: true),
                .picklist(
                    "Role",
                    Picklists.values(
                        "Business User", "Decision Maker", "Economic Buyer", "Economic Decision Maker", "Evaluator", "Executive Sponsor",
                        "Influencer", "Technical Buyer", "Other")),
                FieldSchema("IsPrimary", .boolean, label: "Primary", nillable: false, defaultedOnCreate: true),
            ],
            FieldSchema.audit,
            [
                .isDeleted
            ]
        )
    ).with {
        $0.mruEnabled = false
        $0.searchLayoutable = false
        $0.undeletable = false
        $0.hasMasterRecordType = false
        $0.scopes = [.init("everything", "All opportunity contact role")]
        $0.urlKinds = [.compactLayouts, .defaultValues, .layouts, .quickActions]
    }
}
