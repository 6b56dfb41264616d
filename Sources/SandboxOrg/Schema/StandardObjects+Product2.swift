extension StandardObjects {
    public static let product2 = ObjectSchema(
        name: "Product2", label: "Product", labelPlural: "Products", keyPrefix: "01t",
        fields: FieldSchema.list(
            [
                .id("Product ID"),
                FieldSchema("Name", .string, label: "Product Name", nillable: false, nameField: true),
                FieldSchema("ProductCode", .string, label: "Product Code"),
                FieldSchema("Description", .textarea, label: "Product Description", length: 4000, extraTypeInfo: "plaintextarea"),
                FieldSchema("IsActive", .boolean, label: "Active", nillable: false, defaultedOnCreate: true),
            ],
            FieldSchema.audit,
            [
                .picklist("Family", Picklists.values("None"), label: "Product Family"),
                FieldSchema("ExternalId", .string, label: "External ID"),
                FieldSchema("DisplayUrl", .url, label: "Display URL", length: 1000),
                .picklist("QuantityUnitOfMeasure", Picklists.values("Each"), label: "Quantity Unit Of Measure"),
                .isDeleted,
                .system("IsArchived", .boolean, label: "Archived"),
                .lastViewedDate,
                .lastReferencedDate,
                FieldSchema("StockKeepingUnit", .string, label: "Product SKU", length: 180),
            ]
        )
    ).with {
        $0.feedEnabled = true
        $0.scopes = [.init("everything", "All products")]
    }
}
