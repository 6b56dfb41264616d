extension StandardObjects {
    /// The calling user's effective permissions, one row whoever asks (Object Reference,
    /// *UserPermissionAccess*: "the permissions of the current user"; tools such as OrgCheck read
    /// `SELECT PermissionsViewAllData FROM UserPermissionAccess`). Queryable by any user, not
    /// replicateable nor retrieveable, key prefix `0up`: as the recorded describeGlobal
    /// (Tests/Fixtures/salesforce/describeGlobal.json) lists it. Each user's row has an id of
    /// its own [inf].
    public static let userPermissionAccess = ObjectSchema(
        name: "UserPermissionAccess", label: "User Permission Access", labelPlural: "User Permission Access", keyPrefix: "0up",
        replicateable: false, retrieveable: false, createable: false, updateable: false, deletable: false,
        searchable: false, triggerable: false, layoutable: false, bulkQueryable: false,
        fields: [
            .id("User Permission Access ID"),
            .derived("LastCacheUpdate", .datetime, label: "Last Cache Update"),
            .system("PermissionsApiEnabled", .boolean, label: "API Enabled"),
            .system("PermissionsViewAllData", .boolean, label: "View All Data"),
            .system("PermissionsModifyAllData", .boolean, label: "Modify All Data"),
            .system("PermissionsViewSetup", .boolean, label: "View Setup and Configuration"),
        ]
    ).with {
        $0.compactLayoutable = false
        $0.mruEnabled = false
        $0.searchLayoutable = false
        $0.undeletable = false
        $0.urlKinds = []
    }
}
