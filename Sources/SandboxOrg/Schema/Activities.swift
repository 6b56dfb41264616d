/// What Tasks and Events may relate to. `Who` is a person (Contact or Lead); `What` is any
/// business record with activities enabled, the same list for both activity objects.
enum Activities {
    static let whoTargets = ["Contact", "Lead"]
    /// In the order describe reports them (alphabetical), as a recent org with Field Service lists them.
    static let whatTargets = [
        "Account", "ApptBundleAggrDurDnscale", "ApptBundleAggrPolicy", "ApptBundleConfig", "ApptBundlePolicy",
        "ApptBundlePolicySvcTerr", "ApptBundlePropagatePolicy", "ApptBundleRestrictPolicy", "ApptBundleSortPolicy",
        "Asset", "AssetRelationship", "AssetWarranty", "AssignedResource", "AttributeDefinition",
        "AttributePicklist", "AttributePicklistValue", "Campaign", "Case", "ChannelProgram", "ChannelProgramLevel",
        "CommSubscriptionConsent", "ContactRequest", "Contract", "ContractLineItem", "CreditMemo",
        "DelegatedAccount", "Entitlement", "Expense", "ExpenseReport", "ExpenseReportEntry", "Image", "Invoice",
        "LegalEntity", "ListEmail", "Location", "MaintenanceAsset", "MaintenancePlan", "OperatingHoursHoliday",
        "Opportunity", "Order", "PartnerFundAllocation", "PartnerFundClaim", "PartnerFundRequest",
        "PartnerMarketingBudget", "PartyConsent", "ProcessException", "Product2", "ProductConsumed", "ProductItem",
        "ProductRequest", "ProductRequestLineItem", "ProductServiceCampaign", "ProductServiceCampaignItem",
        "ProductTransfer", "ResourceAbsence", "ReturnOrder", "ReturnOrderLineItem", "ServiceAppointment",
        "ServiceContract", "ServiceCrew", "ServiceCrewMember", "ServiceResource", "Shift", "ShiftPattern",
        "ShiftPatternEntry", "Shipment", "ShipmentItem", "Solution", "TimeSheet", "TimeSheetEntry", "TravelMode",
        "WarrantyTerm", "WorkOrder", "WorkOrderLineItem", "WorkPlan", "WorkPlanSelectionRule", "WorkPlanTemplate",
        "WorkPlanTemplateEntry", "WorkStep", "WorkStepTemplate",
    ]
}

extension FieldSchema {
    /// The recurrence fields Task and Event share, in describe order; only the start field differs
    /// (a datetime on Event, a date on Task).
    static func recurrence(of object: String, start: FieldSchema) -> [FieldSchema] {
        [
            .lookup("RecurrenceActivityId", to: object, nil, createable: false, updateable: false, children: "Recurring\(object)s"),
            FieldSchema(
                "IsRecurrence", .boolean, label: "Create Recurring Series of \(object)s", nillable: false, updateable: false,
                defaultedOnCreate: true),
            start,
            FieldSchema("RecurrenceEndDateOnly", .date, label: "Recurrence End"),
            .picklist("RecurrenceTimeZoneSidKey", Picklists.timeZones, label: "Recurrence Time Zone", restricted: true),
            .picklist("RecurrenceType", Picklists.recurrenceType, restricted: true),
            FieldSchema("RecurrenceInterval", .int, digits: 9),
            FieldSchema("RecurrenceDayOfWeekMask", .int, label: "Recurrence Day of Week Mask", digits: 9),
            FieldSchema("RecurrenceDayOfMonth", .int, label: "Recurrence Day of Month", digits: 9),
            .picklist("RecurrenceInstance", Picklists.recurrenceInstance, restricted: true),
            .picklist("RecurrenceMonthOfYear", Picklists.monthOfYear, label: "Recurrence Month of Year", restricted: true),
        ]
    }
}
