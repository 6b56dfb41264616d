extension StandardObjects {
    public static let opportunity = ObjectSchema(
        name: "Opportunity", labelPlural: "Opportunities", keyPrefix: "006",
        fields: FieldSchema.list(
            [
                .id("Opportunity ID"),
                .isDeleted,
                .lookup("AccountId", to: "Account", "Account", children: "Opportunities", cascade: true),
                FieldSchema("IsPrivate", .boolean, label: "Private", nillable: false, defaultedOnCreate: true),
                FieldSchema("Name", .string, length: 120, nillable: false, idLookup: true, nameField: true),
                .longText("Description"),
                .picklist("StageName", Picklists.opportunityStage, label: "Stage", length: 255, nillable: false),
                FieldSchema("Amount", .currency, precision: 18, scale: 2),
                FieldSchema("Probability", .percent, label: "Probability (%)", precision: 3, defaultedOnCreate: true),
                .derived("ExpectedRevenue", .currency, label: "Expected Amount", precision: 18, scale: 2),
                FieldSchema("TotalOpportunityQuantity", .double, label: "Quantity", precision: 18, scale: 2),
                FieldSchema("CloseDate", .date, nillable: false),
                .picklist("Type", Picklists.opportunityType, label: "Opportunity Type", length: 255),
                FieldSchema("NextStep", .string),
                .picklist("LeadSource", Picklists.leadSource, length: 255),
                .system("IsClosed", .boolean, label: "Closed"),
                .system("IsWon", .boolean, label: "Won"),
                .picklist("ForecastCategory", Picklists.forecastCategory, nillable: false, createable: false, updateable: false, restricted: true),
                .picklist(
                    "ForecastCategoryName", Picklists.forecastCategoryName, label: "Forecast Category", length: 255, defaultedOnCreate: true,
                    restricted: true),
                .lookup("CampaignId", to: "Campaign", "Campaign", children: "Opportunities"),
                .system("HasOpportunityLineItem", .boolean, label: "Has Line Item"),
                .lookup("Pricebook2Id", to: "Pricebook2", "Pricebook2", label: "Price Book ID", defaultedOnCreate: true),
                .owner(),
            ],
            FieldSchema.audit,
            [
                .lastActivityDate,
                .derived("LastStageChangeDate", .datetime),
                FieldSchema("FiscalQuarter", .int, digits: 8, createable: false, updateable: false, compoundFieldName: "Fiscal"),
                FieldSchema("FiscalYear", .int, digits: 8, createable: false, updateable: false, compoundFieldName: "Fiscal"),
                .derived("Fiscal", .string, label: "Fiscal Period", length: 6).with { $0.byteLength = 6 },
                .lookup("ContactId", to: "Contact", nil, updateable: false, children: "Opportunities"),
                .lastViewedDate,
                .lastReferencedDate,
                FieldSchema(
                    "HasOpenActivity", .boolean, nillable: false, createable: false, updateable: false, defaultedOnCreate: true, filterable: false,
                    sortable: false, groupable: true),
                FieldSchema(
                    "HasOverdueTask", .boolean, nillable: false, createable: false, updateable: false, defaultedOnCreate: true, filterable: false,
                    sortable: false, groupable: true),
                .lookup(
                    "LastAmountChangedHistoryId", to: "OpportunityHistory", "LastAmountChangedHistory", label: "Opportunity History ID",
                    createable: false, updateable: false),
                .lookup(
                    "LastCloseDateChangedHistoryId", to: "OpportunityHistory", "LastCloseDateChangedHistory", label: "Opportunity History ID",
                    createable: false, updateable: false),
            ],
            CustomFields.opportunity
        )
    ).with {
        $0.deepCloneable = true
        $0.feedEnabled = true
        $0.scopes = [
            .init("everything", "All opportunities"), .init("mine", "My opportunities"), .init("scopingRule", "Filter by scope"),
            .init("team", "My team's opportunities"),
        ]
    }
}
