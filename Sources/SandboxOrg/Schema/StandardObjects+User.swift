extension StandardObjects {
    /// Users are deactivated, never deleted: the object has no `IsDeleted` and is not deletable.
    public static let user = ObjectSchema(
        name: "User", labelPlural: "Users", keyPrefix: "005", deletable: false,
        fields: FieldSchema.list(
            [
                .id("User ID"),
                FieldSchema("Username", .string, length: 80, nillable: false, unique: true, idLookup: true),
                FieldSchema("LastName", .string, length: 80, nillable: false, compoundFieldName: "Name", extraTypeInfo: "personname"),
                FieldSchema("FirstName", .string, length: 40, compoundFieldName: "Name", extraTypeInfo: "personname"),
                FieldSchema(
                    "Name", .string, label: "Full Name", length: 121, nillable: false, createable: false, updateable: false,
                    nameField: true, extraTypeInfo: "personname"),
                FieldSchema("CompanyName", .string, label: "Company Name", length: 80),
                FieldSchema("Division", .string, length: 80),
                FieldSchema("Department", .string, length: 80),
                FieldSchema("Title", .string, length: 80),
            ],
            FieldSchema.address(""),
            [
                FieldSchema("Email", .email, length: 128, nillable: false, idLookup: true),
                FieldSchema("SenderEmail", .email, label: "Email Sender Address", length: 80),
                FieldSchema("SenderName", .string, label: "Email Sender Name", length: 80),
                FieldSchema("Signature", .textarea, label: "Email Signature", length: 1333, extraTypeInfo: "plaintextarea"),
                FieldSchema("Phone", .phone),
                FieldSchema("Fax", .phone),
                FieldSchema("MobilePhone", .phone, label: "Mobile"),
                FieldSchema("Alias", .string, length: 8, nillable: false),
                FieldSchema("CommunityNickname", .string, label: "Nickname", length: 40, nillable: false, defaultedOnCreate: true),
                FieldSchema("IsActive", .boolean, label: "Active", nillable: false, defaultedOnCreate: true),
                .picklist("TimeZoneSidKey", Picklists.timeZones, label: "Time Zone", nillable: false, restricted: true),
                .lookup("UserRoleId", to: "UserRole", "UserRole", label: "Role ID"),
                .picklist("LocaleSidKey", Picklists.localeSidKey, label: "Locale", nillable: false, restricted: true),
                FieldSchema("ReceivesInfoEmails", .boolean, label: "Info Emails", nillable: false, defaultedOnCreate: true),
                .picklist("EmailEncodingKey", Picklists.emailEncodingKey, label: "Email Encoding", nillable: false, restricted: true),
                .lookup("ProfileId", to: "Profile", "Profile", nillable: false),
                .picklist(
                    "UserType", Picklists.userType, label: "User Type", createable: false, updateable: false,
                    defaultedOnCreate: true, restricted: true),
                .picklist("LanguageLocaleKey", Picklists.languageLocaleKey, label: "Language", nillable: false, restricted: true),
                FieldSchema("EmployeeNumber", .string, length: 20),
                .lookup("DelegatedApproverId", to: ["Group", "User"], nil),
                .lookup("ManagerId", to: "User", "Manager", children: "ManagedUsers"),
                .derived("LastLoginDate", .datetime),
                .derived("LastPasswordChangeDate", .datetime),
            ],
            FieldSchema.audit,
            [
                .derived("OfflineTrialExpirationDate", .datetime),
                .lookup("ContactId", to: "Contact", "Contact", updateable: false, children: "Users", restricted: true),
                .lookup("AccountId", to: "Account", "Account", createable: false, updateable: false, children: "Users"),
                .lookup("CallCenterId", to: "CallCenter", nil),
                FieldSchema("Extension", .phone),
                FieldSchema("FederationIdentifier", .string, label: "SAML Federation ID", length: 512),
                FieldSchema("AboutMe", .textarea, label: "About Me", length: 1000, extraTypeInfo: "plaintextarea"),
                .derived("FullPhotoUrl", .url, label: "Url for full-sized Photo", length: 1024, extraTypeInfo: "imageurl"),
                .derived("SmallPhotoUrl", .url, label: "Photo", length: 1024, extraTypeInfo: "imageurl"),
                .picklist(
                    "DigestFrequency", Picklists.digestFrequency, label: "Chatter Email Highlights Frequency",
                    nillable: false, defaultedOnCreate: true, restricted: true),
                .lastViewedDate,
                .lastReferencedDate,
            ]
        )
    ).with {
        $0.feedEnabled = true
        $0.undeletable = false
        $0.scopes = [.init("everything", "All users")]
        $0.urlKinds = [.compactLayouts, .layouts, .namedLayouts, .passwordUtilities, .quickActions]
    }
}
