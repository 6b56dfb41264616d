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
