extension StandardObjects {
    /// The Case status picklist as records. It has no SystemModstamp or LastModifiedDate, so a
    /// sync can only use CreatedDate (or read it whole), and Bulk API 2.0 refuses it.
    public static let caseStatus = ObjectSchema(
        name: "CaseStatus", label: "Case Status Value", labelPlural: "Case Status Value", keyPrefix: "01J",
        replicateable: false, createable: false, updateable: false, deletable: false, searchable: false,
        triggerable: false, layoutable: false, bulkQueryable: false,
        fields: [
            .id("Case Status Value ID"),
            .derived("MasterLabel", .string, label: "Master Label"),
            .derived("ApiName", .string, label: "Api Name"),
            .derived("SortOrder", .int, label: "Sort Order", digits: 9),
            .system("IsDefault", .boolean, label: "Is Default"),
            .system("IsClosed", .boolean, label: "Is Closed"),
            .createdById,
            .createdDate,
            .lastModifiedById,
        ]
    ).with {
        $0.compactLayoutable = false
        $0.mruEnabled = false
        $0.searchLayoutable = false
        $0.undeletable = false
        $0.hasMasterRecordType = false
        $0.urlKinds = []
    }
}
