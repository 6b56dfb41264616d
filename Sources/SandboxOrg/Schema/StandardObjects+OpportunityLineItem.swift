extension StandardObjects {
    /// Products on an opportunity: a master-detail child, deleted with its opportunity.
    public static let opportunityLineItem = ObjectSchema(
        name: "OpportunityLineItem", label: "Opportunity Product", labelPlural: "Opportunity Product",
        keyPrefix: "00k", searchable: false,
        fields: FieldSchema.list(
            [
                .id("Line Item ID"),
                FieldSchema(
                    "OpportunityId", .reference, nillable: false, updateable: false, referenceTo: ["Opportunity"],
                    relationshipName: "Opportunity", cascadeDelete: true
                ).with {
                    $0.relationshipOrder = 0
                    $0.childRelationshipName = "OpportunityLineItems"
                    $0.childCascadeDelete = true
                },
                .derived("SortOrder", .int, digits: 9),
                .lookup(
                    "PricebookEntryId", to: "PricebookEntry", "PricebookEntry", label: "Price Book Entry ID",
                    updateable: false, defaultedOnCreate: true, children: "OpportunityLineItems"),
                .lookup(
                    "Product2Id", to: "Product2", "Product2", label: "Product ID", updateable: false,
                    defaultedOnCreate: true),
                .derived("ProductCode", .string, label: "Product Code"),
                FieldSchema(
                    "Name", .string, label: "Opportunity Product Name", length: 376, createable: false, updateable: false,
                    nameField: true),
                FieldSchema("Quantity", .double, precision: 12, scale: 2, nillable: false),
                FieldSchema("TotalPrice", .currency, label: "Total Price", precision: 18, scale: 2),
                FieldSchema("UnitPrice", .currency, label: "Sales Price", precision: 18, scale: 2),
                .derived("ListPrice", .currency, label: "List Price", precision: 18, scale: 2),
                FieldSchema("ServiceDate", .date, label: "Date"),
                FieldSchema("Description", .string, label: "Line Description"),
            ],
            FieldSchema.audit,
            [.isDeleted, .lastViewedDate, .lastReferencedDate]
        )
    ).with {
        $0.mruEnabled = false
        $0.undeletable = false
        $0.hasMasterRecordType = false
        $0.scopes = [.init("everything", "All opportunity product")]
        $0.urlKinds = [.compactLayouts, .defaultValues, .layouts, .quickActions]
    }
}
