/// Fields a real customer org adds to standard objects, so that syncs meet custom picklists,
/// dates, decimals and formulas on the objects they read most.
enum CustomFields {
    static let account: [FieldSchema] = [
        FieldSchema("CustomerPriority__c", .picklist, label: "Customer Priority", picklist: ["High", "Medium", "Low"]),
        FieldSchema("SLA_Expiration__c", .date, label: "SLA Expiration Date"),
        // Formulas are computed on read, so their text length is the formula maximum.
        FieldSchema(
            "Tier__c", .string, label: "Tier", length: 1300, groupable: false,
            formula: tierFormula),
    ]

    /// Revenue bands for account segmentation; a blank revenue has no tier.
    static let tierFormula = #"IF(ISBLANK(AnnualRevenue), "Unknown", IF(AnnualRevenue >= 100000000, "Enterprise", "#
        + #"IF(AnnualRevenue >= 10000000, "Mid-Market", "SMB")))"#

    static let lead: [FieldSchema] = [
        FieldSchema("Lead_Score_Legacy__c", .double, label: "Lead Score (Legacy)", precision: 18, scale: 2)
    ]

    static let opportunity: [FieldSchema] = [
        FieldSchema(
            "Days_Open__c", .double, label: "Days Open", precision: 18, scale: 0,
            formula: "IF(IsClosed, CloseDate - DATEVALUE(CreatedDate), TODAY() - DATEVALUE(CreatedDate))")
    ]
}
