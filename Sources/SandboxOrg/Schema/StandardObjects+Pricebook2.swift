extension StandardObjects {
    public static let pricebook2 = ObjectSchema(
        name: "Pricebook2", label: "Price Book", labelPlural: "Price Books", keyPrefix: "01s",
        fields: FieldSchema.list(
            [
                .id("Price Book ID"),
                .isDeleted,
                FieldSchema("Name", .string, label: "Price Book Name", nillable: false, nameField: true),
            ],
            FieldSchema.audit,
            [
                .lastViewedDate,
                .lastReferencedDate,
                FieldSchema("IsActive", .boolean, label: "Active", nillable: false, defaultedOnCreate: true),
                .system("IsArchived", .boolean, label: "Archived"),
                FieldSchema("Description", .string),
                .system("IsStandard", .boolean, label: "Is Standard Price Book"),
            ]
        )
    ).with {
        $0.deepCloneable = true
        $0.hasMasterRecordType = false
        $0.scopes = [.init("everything", "All price books")]
    }
}
