extension StandardObjects {
    public static let campaign = ObjectSchema(
        name: "Campaign", labelPlural: "Campaigns", keyPrefix: "701",
        fields: FieldSchema.list(
            [
                .id("Campaign ID"),
                .isDeleted,
                FieldSchema("Name", .string, label: "Campaign Name", length: 80, nillable: false, nameField: true),
                .lookup("ParentId", to: "Campaign", "Parent", label: "Parent Campaign ID", children: "ChildCampaigns"),
                .picklist(
                    "Type",
                    Picklists.values(
                        "Conference", "Webinar", "Trade Show", "Public Relations", "Partners", "Referral Program",
                        "Advertisement", "Banner Ads", "Direct Mail", "Email", "Telemarketing", "Other"),
                    length: 255),
                .picklist(
                    "Status", Picklists.values("Planned", "In Progress", "Completed", "Aborted"), length: 255),
                FieldSchema("StartDate", .date),
                FieldSchema("EndDate", .date),
                FieldSchema("ExpectedRevenue", .currency, label: "Expected Revenue in Campaign", precision: 18),
                FieldSchema("BudgetedCost", .currency, label: "Budgeted Cost in Campaign", precision: 18),
                FieldSchema("ActualCost", .currency, label: "Actual Cost in Campaign", precision: 18),
                FieldSchema("ExpectedResponse", .percent, label: "Expected Response (%)", precision: 10, scale: 2),
                FieldSchema("NumberSent", .double, label: "Num Sent in Campaign", precision: 18),
                FieldSchema("IsActive", .boolean, label: "Active", nillable: false, defaultedOnCreate: true),
                .longText("Description"),
            ],
            // Roll-ups the org maintains from members and opportunities.
            [
                "NumberOfLeads", "NumberOfConvertedLeads", "NumberOfContacts", "NumberOfResponses", "NumberOfOpportunities",
                "NumberOfWonOpportunities",
            ].map { FieldSchema.system($0, .int).withDigits(9) },
            [
                .system("AmountAllOpportunities", .currency, label: "Value Opportunities in Campaign").withPrecision(18),
                .system("AmountWonOpportunities", .currency, label: "Value Won Opportunities in Campaign").withPrecision(18),
                .owner(),
            ],
            FieldSchema.audit,
            [
                .lastActivityDate,
                .lastViewedDate,
                .lastReferencedDate,
                .lookup("CampaignMemberRecordTypeId", to: "RecordType", "CampaignMemberRecordType"),
            ]
        )
    ).with {
        $0.deepCloneable = true
        $0.scopes = [.init("everything", "All campaigns"), .init("mine", "My campaigns"), .init("team", "My team's campaigns")]
    }
}

extension FieldSchema {
    fileprivate func withDigits(_ digits: Int) -> FieldSchema {
        var copy = self
        copy.digits = digits
        return copy
    }

    fileprivate func withPrecision(_ precision: Int) -> FieldSchema {
        var copy = self
        copy.precision = precision
        return copy
    }
}
