extension StandardObjects {
    public static let task = ObjectSchema(
        name: "Task", labelPlural: "Tasks", keyPrefix: "00T",
        fields: FieldSchema.list(
            [
                .id("Activity ID"),
                .lookup("WhoId", to: Activities.whoTargets, "Who", label: "Name ID", children: "Tasks", cascade: true),
                .lookup("WhatId", to: Activities.whatTargets, "What", label: "Related To ID", children: "Tasks", cascade: true),
                FieldSchema(
                    "Subject", .combobox, nameField: true, groupable: false,
                    picklist: ["Call", "Send Letter", "Send Quote", "Other"]),
                FieldSchema("ActivityDate", .date, label: "Due Date Only"),
                .picklist("Status", Picklists.taskStatus, nillable: false, defaultedOnCreate: true),
                .picklist("Priority", Picklists.taskPriority, nillable: false, defaultedOnCreate: true),
                .system("IsHighPriority", .boolean, label: "High Priority"),
                .owner(to: ["Group", "User"], label: "Assigned To ID"),
                .longText("Description"),
                .isDeleted,
                .lookup("AccountId", to: "Account", "Account", createable: false, updateable: false),
                .system("IsClosed", .boolean, label: "Closed"),
            ],
            FieldSchema.audit,
            [
                .system("IsArchived", .boolean, label: "Archived"),
                FieldSchema("CallDurationInSeconds", .int, label: "Call Duration", digits: 8),
                .picklist("CallType", Picklists.values("Internal", "Inbound", "Outbound"), restricted: true),
                FieldSchema("CallDisposition", .string, label: "Call Result", length: 255),
                FieldSchema("CallObject", .string, label: "Call Object Identifier", length: 255),
                FieldSchema("ReminderDateTime", .datetime, label: "Reminder Date/Time"),
                FieldSchema("IsReminderSet", .boolean, label: "Reminder Set", nillable: false, defaultedOnCreate: true),
            ] + FieldSchema.recurrence(of: "Task", start: FieldSchema("RecurrenceStartDateOnly", .date, label: "Recurrence Start")) + [
                .picklist(
                    "RecurrenceRegeneratedType",
                    [
                        PicklistValue("RecurrenceRegenerateAfterDueDate", label: "After due date"),
                        PicklistValue("RecurrenceRegenerateAfterToday", label: "After date completed"),
                        PicklistValue("RecurrenceRegenerated", label: "(Task Closed)"),
                    ], label: "Repeat This Task", restricted: true),
                .picklist(
                    "TaskSubtype", Picklists.values("Task", "Email", "ListEmail", "Cadence", "Call", "LinkedIn"),
                    updateable: false, restricted: true),
                .derived("CompletedDateTime", .datetime, label: "Completed Date/Time"),
            ]
        )
    ).with {
        $0.scopes = [
            .init("delegated", "My delegated tasks"), .init("everything", "All tasks"), .init("mine", "My tasks"),
            .init("team", "My team's tasks"),
        ]
        $0.urlKinds = [.compactLayouts, .layouts, .quickActions]
    }
}
