/// Picklists of the User object. Locale lists are a representative subset of what an org offers.
extension Picklists {
    static let userType = [
        PicklistValue("Standard"), PicklistValue("PowerPartner", label: "Partner"),
        PicklistValue("PowerCustomerSuccess", label: "Customer Portal Manager"),
        PicklistValue("CustomerSuccess", label: "Customer Portal User"), PicklistValue("Guest"),
        PicklistValue("CspLitePortal", label: "High Volume Portal"), PicklistValue("CsnOnly", label: "CSN Only"),
        PicklistValue("SelfService", label: "Self Service"),
    ]
    static let localeSidKey = [
        ("en_US", "English (United States)"), ("en_GB", "English (United Kingdom)"), ("en_CA", "English (Canada)"),
        ("en_AU", "English (Australia)"), ("de_DE", "German (Germany)"), ("fr_FR", "French (France)"),
        ("es_ES", "Spanish (Spain)"), ("it_IT", "Italian (Italy)"), ("nl_NL", "Dutch (Netherlands)"),
        ("pt_BR", "Portuguese (Brazil)"), ("ja_JP", "Japanese (Japan)"), ("zh_CN", "Chinese (China)"),
    ].map { PicklistValue($0.0, label: $0.1) }
    static let languageLocaleKey = [
        ("en_US", "English"), ("de", "German"), ("es", "Spanish"), ("fr", "French"), ("it", "Italian"),
        ("ja", "Japanese"), ("ko", "Korean"), ("nl_NL", "Dutch"), ("pt_BR", "Portuguese (Brazil)"),
        ("ru", "Russian"), ("sv", "Swedish"), ("zh_CN", "Chinese (Simplified)"), ("zh_TW", "Chinese (Traditional)"),
    ].map { PicklistValue($0.0, label: $0.1) }
    static let emailEncodingKey = [
        ("UTF-8", "Unicode (UTF-8)"), ("ISO-8859-1", "General US & Western Europe (ISO-8859-1, ISO-LATIN-1)"),
        ("Shift_JIS", "Japanese (Shift-JIS)"), ("ISO-2022-JP", "Japanese (JIS)"), ("EUC-JP", "Japanese (EUC)"),
        ("ks_c_5601-1987", "Korean (ks_c_5601-1987)"), ("Big5", "Traditional Chinese (Big5)"),
        ("GB2312", "Simplified Chinese (GB2312)"),
    ].map { PicklistValue($0.0, label: $0.1) }
    static let digestFrequency = [
        PicklistValue("D", label: "Daily"), PicklistValue("W", label: "Weekly"), PicklistValue("N", label: "Never"),
    ]
}
