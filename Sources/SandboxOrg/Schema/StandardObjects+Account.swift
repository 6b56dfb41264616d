extension StandardObjects {
    public static let account = ObjectSchema(
        name: "Account", labelPlural: "Accounts", keyPrefix: "001",
        fields: FieldSchema.list(
            [
                .id("Account ID"),
                .isDeleted,
                .masterRecord("Account"),
                FieldSchema(
                    "Name", .string, label: "Account Name", nillable: false, nameField: true, compoundFieldName: "Name",
                    extraTypeInfo: "switchablepersonname"),
                .picklist(
                    "Type",
                    Picklists.values(
                        "Prospect", "Customer - Direct", "Customer - Channel", "Channel Partner / Reseller", "Installation Partner",
                        "Technology Partner", "Other"), label: "Account Type"),
                .lookup("RecordTypeId", to: "RecordType", "RecordType"),
                .lookup("ParentId", to: "Account", "Parent", label: "Parent Account ID", children: "ChildAccounts"),
            ],
            FieldSchema.address("Billing"),
            FieldSchema.address("Shipping"),
            [
                FieldSchema("Phone", .phone, label: "Account Phone"),
                FieldSchema("Fax", .phone, label: "Account Fax"),
                FieldSchema("AccountNumber", .string, length: 40),
                FieldSchema("Website", .url),
                .derived("PhotoUrl", .url, label: "Photo URL", extraTypeInfo: "imageurl"),
                FieldSchema("Sic", .string, label: "SIC Code", length: 20),
                .picklist("Industry", Picklists.industry),
                FieldSchema("AnnualRevenue", .currency, precision: 18),
                FieldSchema("NumberOfEmployees", .int, label: "Employees", digits: 8),
                .picklist("Ownership", Picklists.values("Public", "Private", "Subsidiary", "Other")),
                FieldSchema("TickerSymbol", .string, length: 20),
                .longText("Description", label: "Account Description"),
                .picklist("Rating", Picklists.rating, label: "Account Rating"),
                FieldSchema("Site", .string, label: "Account Site", length: 80),
                .owner(),
            ],
            FieldSchema.audit,
            [
                .lastActivityDate,
                .lastViewedDate,
                .lastReferencedDate,
                FieldSchema("IsPartner", .boolean, label: "Partner Account", nillable: false, createable: false, defaultedOnCreate: true),
                FieldSchema(
                    "IsCustomerPortal", .boolean, label: "Customer Portal Account", nillable: false, createable: false, defaultedOnCreate: true),
                FieldSchema("ChannelProgramName", .string, createable: false, updateable: false, filterable: false, sortable: false, groupable: true)
                    .with { $0.aggregatable = true },
                FieldSchema(
                    "ChannelProgramLevelName", .string, createable: false, updateable: false, filterable: false, sortable: false, groupable: true
                ).with { $0.aggregatable = true },
                FieldSchema("Jigsaw", .string, label: "Data.com Key", length: 20),
                FieldSchema("JigsawCompanyId", .string, length: 20, createable: false, updateable: false, relationshipName: "JigsawCompany"),
                .picklist("CleanStatus", Picklists.cleanStatus, restricted: true),
                .picklist("AccountSource", Picklists.leadSource),
                FieldSchema("DunsNumber", .string, label: "D-U-N-S Number", length: 9),
                FieldSchema("Tradestyle", .string),
                FieldSchema("NaicsCode", .string, label: "NAICS Code", length: 8),
                FieldSchema("NaicsDesc", .string, label: "NAICS Description", length: 120),
                FieldSchema("YearStarted", .string, length: 4),
                FieldSchema("SicDesc", .string, label: "SIC Description", length: 80),
                .lookup("DandbCompanyId", to: "DandBCompany", "DandbCompany", label: "D&B Company ID"),
                .lookup("OperatingHoursId", to: "OperatingHours", "OperatingHours", label: "Operating Hour ID"),
            ],
            CustomFields.account
        )
    ).with {
        $0.feedEnabled = true
        $0.mergeable = true
        $0.scopes = [.init("everything", "All accounts"), .init("mine", "My accounts"), .init("team", "My team's accounts")]
        $0.urlKinds = [.approvalLayouts, .compactLayouts, .defaultValues, .layouts, .listviews, .quickActions]
    }
}
