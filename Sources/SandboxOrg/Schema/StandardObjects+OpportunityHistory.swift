extension StandardObjects {
    /// One row per stage, amount or close-date change of an opportunity, written by the org only.
    /// It has no LastModifiedDate: rows never change once written.
    public static let opportunityHistory = ObjectSchema(
        name: "OpportunityHistory", label: "Opportunity History", labelPlural: "Opportunity History", keyPrefix: "008",
        createable: false, updateable: false, deletable: false, searchable: false, triggerable: false,
        layoutable: false,
        fields: [
            .id("Opportunity History ID"),
            .lookup(
                "OpportunityId", to: "Opportunity", "Opportunity", nillable: false, createable: false, updateable: false,
                children: "OpportunityHistories", cascade: true),
            .createdById,
            .createdDate,
            .picklist(
                "StageName", Picklists.opportunityStage, label: "Stage Name", length: 255, nillable: false,
                createable: false, updateable: false),
            .derived("Amount", .currency, precision: 18, scale: 2),
            .derived("ExpectedRevenue", .currency, label: "Expected Revenue", precision: 18, scale: 2),
            .derived("CloseDate", .date),
            .derived("Probability", .percent, label: "Probability (%)", precision: 3),
            .picklist(
                "ForecastCategory", Picklists.forecastCategory, createable: false, updateable: false, restricted: true),
            .systemModstamp,
            .isDeleted,
            .derived("PrevAmount", .currency, label: "Previous Amount", precision: 18, scale: 2),
            .derived("PrevCloseDate", .date, label: "Previous Close Date"),
        ]
    ).with {
        $0.mruEnabled = false
        $0.undeletable = false
        $0.searchLayoutable = false
        $0.compactLayoutable = false
        $0.hasMasterRecordType = false
        $0.urlKinds = []
    }
}
