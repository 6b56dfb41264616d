extension StandardObjects {
    public static let `case` = ObjectSchema(
        name: "Case", labelPlural: "Cases", keyPrefix: "500",
        fields: FieldSchema.list(
            [
                .id("Case ID"),
                .isDeleted,
                .masterRecord("Case"),
                FieldSchema(
                    "CaseNumber", .string, length: 30, nillable: false, createable: false, updateable: false, defaultedOnCreate: true, idLookup: true,
                    nameField: true, autoNumber: true, filterable: true, sortable: true, groupable: false),
                .lookup("ContactId", to: "Contact", "Contact", children: "Cases", restricted: true),
                .lookup("AccountId", to: "Account", "Account", children: "Cases", restricted: true),
                .lookup("AssetId", to: "Asset", "Asset"),
                .lookup("ParentId", to: "Case", "Parent", label: "Parent Case ID", children: "Cases"),
                FieldSchema("SuppliedName", .string, label: "Name", length: 80),
                FieldSchema("SuppliedEmail", .email, label: "Email Address", length: 80),
                FieldSchema("SuppliedPhone", .string, label: "Phone", length: 40),
                FieldSchema("SuppliedCompany", .string, label: "Company", length: 80),
                .picklist("Type", Picklists.values("Mechanical", "Electrical", "Electronic", "Structural", "Other"), label: "Case Type"),
                .picklist(
                    "Status", [PicklistValue("New", isDefault: true), PicklistValue("Working"), PicklistValue("Escalated"), PicklistValue("Closed")],
                    defaultedOnCreate: true),
                .picklist(
                    "Reason",
                    Picklists.values("Installation", "Equipment Complexity", "Performance", "Breakdown", "Equipment Design", "Feedback", "Other"),
                    label: "Case Reason"),
                .picklist("Origin", Picklists.values("Phone", "Email", "Web"), label: "Case Origin"),
                FieldSchema("Subject", .string),
                .picklist(
                    "Priority", [PicklistValue("High"), PicklistValue("Medium", isDefault: true), PicklistValue("Low")], defaultedOnCreate: true),
                .longText("Description"),
                .system("IsClosed", .boolean, label: "Closed"),
                .derived("ClosedDate", .datetime),
                FieldSchema("IsEscalated", .boolean, label: "Escalated", nillable: false, defaultedOnCreate: true),
                .owner(to: ["Group", "User"]),
            ],
            FieldSchema.audit,
            [
                .derived("ContactPhone", .phone),
                .derived("ContactMobile", .phone),
                .derived("ContactEmail", .email, length: 80),
                .derived("ContactFax", .phone),
                FieldSchema(
                    "Comments", .textarea, label: "Internal Comments", length: 4000, filterable: false, sortable: true, groupable: false,
                    extraTypeInfo: "plaintextarea"
                ).with { $0.byteLength = 4000 },
                .lastViewedDate,
                .lastReferencedDate,
            ]
        )
    ).with {
        $0.feedEnabled = true
        $0.scopes = [
            .init("everything", "All cases"), .init("genericteam", "My case teams cases"), .init("mine", "My cases"),
            .init("queue_owned", "Queue owned cases"), .init("team_by_role", "My role-based team's cases"), .init("user_owned", "User owned cases"),
        ]
        $0.urlKinds = [
            .approvalLayouts, .caseArticleSuggestions, .caseRowArticleSuggestions, .compactLayouts, .defaultValues, .layouts, .listviews,
            .quickActions,
        ]
    }
}
