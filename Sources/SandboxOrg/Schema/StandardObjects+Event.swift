extension StandardObjects {
    public static let event = ObjectSchema(
        name: "Event", labelPlural: "Events", keyPrefix: "00U",
        fields: FieldSchema.list(
            [
                .id("Activity ID"),
                .lookup("WhoId", to: ["Contact", "Lead"], "Who", label: "Name ID", children: "Events", cascade: true),
                .lookup("WhatId", to: Activities.whatTargets, "What", label: "Related To ID", children: "Events", cascade: true),
                FieldSchema(
                    "Subject", .combobox, nameField: true, filterable: true, sortable: true, groupable: false,
                    picklistValues: Picklists.activitySubject),
                FieldSchema("Location", .string),
                FieldSchema("IsAllDayEvent", .boolean, label: "All-Day Event", nillable: false, defaultedOnCreate: true),
                FieldSchema("ActivityDateTime", .datetime, label: "Due Date Time"),
                FieldSchema("ActivityDate", .date, label: "Due Date Only").with { $0.aggregatable = false },
                FieldSchema("DurationInMinutes", .int, label: "Duration", digits: 8),
                FieldSchema("StartDateTime", .datetime),
                FieldSchema("EndDateTime", .datetime),
                .derived("EndDate", .date),
                .longText("Description"),
                .lookup("AccountId", to: "Account", "Account", createable: false, updateable: false),
                .owner(to: ["Calendar", "User"], label: "Assigned To ID"),
                FieldSchema("IsPrivate", .boolean, label: "Private", nillable: false, defaultedOnCreate: true),
                .picklist(
                    "ShowAs", [PicklistValue("Busy", isDefault: true), PicklistValue("OutOfOffice", label: "Out of Office"), PicklistValue("Free")],
                    label: "Show Time As", defaultedOnCreate: true, restricted: true),
                .isDeleted,
                .system("IsChild", .boolean),
                .system("IsGroupEvent", .boolean),
                .picklist(
                    "GroupEventType",
                    [
                        PicklistValue("0", label: "Non-group Event", isDefault: true), PicklistValue("1", label: "Group Event"),
                        PicklistValue("2", label: "Proposed Event"), PicklistValue("3", label: "IsRecurrence2 Series Pattern"),
                    ], createable: false, updateable: false, defaultedOnCreate: true, restricted: true),
            ],
            FieldSchema.audit,
            [
                .system("IsArchived", .boolean, label: "Archived"),
            ] + FieldSchema.recurrence(of: "Event", start: FieldSchema("RecurrenceStartDateTime", .datetime, label: "Recurrence Start")) + [
                FieldSchema("ReminderDateTime", .datetime, label: "Reminder Date/Time"),
                FieldSchema("IsReminderSet", .boolean, label: "Reminder Set", nillable: false, defaultedOnCreate: true),
                .picklist("EventSubtype", Picklists.values("Event"), updateable: false, restricted: true),
                .system("IsRecurrence2Exclusion", .boolean, label: "Historical Event, Not Following Recurrence"),
                FieldSchema(
                    "Recurrence2PatternText", .textarea, label: "Recurrence Pattern", length: 512, updateable: false, extraTypeInfo: "plaintextarea"),
                .picklist(
                    "Recurrence2PatternVersion", [PicklistValue("1", label: "RFC 5545 v4 RRULE"), PicklistValue("2", label: "RFC 5545 v4_2 RRULE")],
                    label: "Pattern Version", createable: false, updateable: false, restricted: true),
                .system("IsRecurrence2", .boolean, label: "Repeat"),
                .system("IsRecurrence2Exception", .boolean, label: "Is Exception"),
                .derived("Recurrence2PatternStartDate", .datetime, label: "Recurrence Pattern Start Date"),
                .derived("Recurrence2PatternTimeZone", .string, label: "Recurrence Pattern Time Zone Reference"),
            ]
        )
    ).with {
        $0.scopes = [
            .init("delegated", "My delegated events"), .init("everything", "All events"), .init("mine", "My events"),
            .init("scopingRule", "Filter by scope"), .init("team", "My team's events"),
        ]
        $0.urlKinds = [.compactLayouts, .eventSeriesUpdates, .layouts, .quickActions]
    }
}
