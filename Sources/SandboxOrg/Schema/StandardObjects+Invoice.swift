extension StandardObjects {
    /// The customer's own object: an auto-numbered invoice tied to an account and opportunity,
    /// with a long text area and a geolocation, the custom field kinds a sync must handle.
    public static let invoice = ObjectSchema(
        name: "Invoice__c", label: "Invoice", labelPlural: "Invoices", keyPrefix: "a01",
        fields: FieldSchema.list(
            [
                .id("Record ID"),
                .owner(to: ["Group", "User"]),
                .isDeleted,
                FieldSchema(
                    "Name", .string, label: "Invoice Number", length: 80, nillable: false, createable: false,
                    updateable: false, defaultedOnCreate: true, idLookup: true, nameField: true, autoNumber: true),
            ],
            FieldSchema.audit,
            [
                .lastActivityDate,
                .lookup("Account__c", to: "Account", "Account__r", children: "Invoices__r"),
                .lookup("Opportunity__c", to: "Opportunity", "Opportunity__r", children: "Invoices__r"),
                FieldSchema("Amount__c", .currency, precision: 16, scale: 2),
                FieldSchema("Status__c", .picklist, label: "Status", picklist: ["Draft", "Sent", "Paid", "Overdue"]),
                FieldSchema("Due_Date__c", .date),
                FieldSchema("Paid__c", .boolean, nillable: false, defaultedOnCreate: true, defaultValue: "false"),
                // Long text areas cannot be filtered or sorted in SOQL.
                FieldSchema(
                    "Notes__c", .textarea, length: 32768, filterable: false, sortable: false,
                    extraTypeInfo: "plaintextarea"),
                FieldSchema(
                    "Location__Latitude__s", .double, label: "Location (Latitude)", precision: 9, scale: 6,
                    custom: true, compoundFieldName: "Location__c"),
                FieldSchema(
                    "Location__Longitude__s", .double, label: "Location (Longitude)", precision: 9, scale: 6,
                    custom: true, compoundFieldName: "Location__c"),
                FieldSchema("Location__c", .location, label: "Location", createable: false, updateable: false),
            ]
        )
    ).with {
        $0.mruEnabled = true
        $0.scopes = [
            .init("everything", "All invoices"), .init("mine", "My invoices"), .init("queue_owned", "Queue owned invoices"),
            .init("team", "My team's invoices"), .init("user_owned", "User owned invoices"),
        ]
        $0.urlKinds = [.compactLayouts, .defaultValues, .layouts, .listviews, .quickActions, .approvalLayouts]
    }
}
