extension StandardObjects {
    public static let pricebookEntry = ObjectSchema(
        name: "PricebookEntry", label: "Price Book Entry", labelPlural: "Price Book Entries", keyPrefix: "01u",
        searchable: false,
        fields: FieldSchema.list(
            [
                .id("Price Book Entry ID"),
                .derived("Name", .string, label: "Product Name").withNameField(),
                .lookup(
                    "Pricebook2Id", to: "Pricebook2", "Pricebook2", label: "Price Book ID", nillable: false,
                    updateable: false, children: "PricebookEntries", cascade: true),
                .lookup(
                    "Product2Id", to: "Product2", "Product2", label: "Product ID", nillable: false, updateable: false,
                    children: "PricebookEntries", cascade: true),
                FieldSchema("UnitPrice", .currency, label: "List Price", precision: 18, scale: 2, nillable: false),
                FieldSchema("IsActive", .boolean, label: "Active", nillable: false, defaultedOnCreate: true),
                FieldSchema("UseStandardPrice", .boolean, label: "Use Standard Price", nillable: false, defaultedOnCreate: true),
            ],
            FieldSchema.audit,
            [
                .derived("ProductCode", .string, label: "Product Code"),
                .isDeleted,
                .system("IsArchived", .boolean, label: "Archived"),
            ]
        )
    ).with {
        $0.mruEnabled = false
        $0.undeletable = false
        $0.hasMasterRecordType = false
        $0.scopes = [.init("everything", "All price book entries")]
        $0.urlKinds = [.compactLayouts, .layouts, .quickActions]
    }
}

extension FieldSchema {
    /// Marks the record's display name (for read-only names that the helpers build).
    fileprivate func withNameField() -> FieldSchema {
        var copy = self
        copy.nameField = true
        return copy
    }
}
