extension StandardObjects {
    public static let contact = ObjectSchema(
        name: "Contact", labelPlural: "Contacts", keyPrefix: "003",
        fields: FieldSchema.list(
            [
                .id("Contact ID"),
                .isDeleted,
                .masterRecord("Contact"),
                .lookup("AccountId", to: "Account", "Account", children: "Contacts", cascade: true),
            ],
            FieldSchema.personName(),
            FieldSchema.address("Other"),
            FieldSchema.address("Mailing"),
            [
                FieldSchema("Phone", .phone, label: "Business Phone"),
                FieldSchema("Fax", .phone, label: "Business Fax"),
                FieldSchema("MobilePhone", .phone),
                FieldSchema("HomePhone", .phone),
                FieldSchema("OtherPhone", .phone),
                FieldSchema("AssistantPhone", .phone, label: "Asst. Phone"),
                .lookup("ReportsToId", to: "Contact", "ReportsTo"),
                FieldSchema("Email", .email, length: 80, idLookup: true),
                FieldSchema("Title", .string, length: 128),
                FieldSchema("Department", .string, length: 80),
                FieldSchema("AssistantName", .string, label: "Assistant's Name", length: 40),
                .picklist("LeadSource", Picklists.leadSource, length: 255),
                FieldSchema("Birthdate", .date),
                .longText("Description", label: "Contact Description"),
                .owner(),
            ],
            FieldSchema.audit,
            [
                .lastActivityDate,
                .derived("LastCURequestDate", .datetime, label: "Last Stay-in-Touch Request Date"),
                .derived("LastCUUpdateDate", .datetime, label: "Last Stay-in-Touch Save Date"),
                .lastViewedDate,
                .lastReferencedDate,
                FieldSchema("EmailBouncedReason", .string),
                FieldSchema("EmailBouncedDate", .datetime),
                .system("IsEmailBounced", .boolean),
                .derived("PhotoUrl", .url, label: "Photo URL", extraTypeInfo: "imageurl"),
                FieldSchema("Jigsaw", .string, label: "Data.com Key", length: 20),
                FieldSchema("JigsawContactId", .string, length: 20, createable: false, updateable: false, relationshipName: "JigsawContact"),
                .picklist("CleanStatus", Picklists.cleanStatus, restricted: true),
                .lookup("IndividualId", to: "Individual", "Individual"),
            ]
        )
    ).with {
        $0.feedEnabled = true
        $0.mergeable = true
        $0.scopes = [
            .init("everything", "All contacts"), .init("mine", "My contacts"), .init("scopingRule", "Filter by scope"),
            .init("team", "My team's contacts"),
        ]
    }
}
