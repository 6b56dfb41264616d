/// The domains whose hosts Tributary treats as Salesforce's own.
///
/// Salesforce documents every login, My Domain and instance host of an org's API under
/// `salesforce.com`:
/// - login hosts `login.salesforce.com`, `test.salesforce.com`, `welcome.salesforce.com` and
///   instanced URLs such as `usa77.salesforce.com` ("Set the My Domain Login Policy",
///   https://help.salesforce.com/s/articleView?id=xcloud.domain_name_setting_login_policy.htm);
/// - My Domain hosts `MyDomainName.my.salesforce.com`, with the partitioned forms
///   `….develop.my.salesforce.com` and the like ("My Domain",
///   https://help.salesforce.com/apex/HTViewHelpDoc?id=domain_name_overview.htm, and the
///   MyDomainSettings metadata type, `domainPartition`,
///   https://developer.salesforce.com/docs/atlas.en-us.238.0.api_meta.meta/api_meta/meta_mydomainsettings.htm);
/// - sandboxes `MyDomainName--Sandbox.sandbox.my.salesforce.com` (Tributary's
///   salesforce-api.md, "Login hosts").
///
/// `force.com`, `site.com`, `salesforce-sites.com` and `cloudforce.com` are left out on purpose:
/// they serve Lightning pages and public Salesforce Sites and Experience Cloud sites, where any
/// Salesforce customer's code answers without a session, so a token sent there could be read by
/// someone else; no API or login host of an org lives there. Government Cloud Plus hosts
/// (`salesforce.mil`) are not documented in what Tributary could check, so they are not trusted.
enum SalesforceDomains {
    static let suffixes = [".salesforce.com"]

    /// True when `host` (lower case) is a subdomain of one of `suffixes`, label by label.
    static func contains(_ host: String) -> Bool {
        suffixes.contains { suffix in host.hasSuffix(suffix) && host.count > suffix.count }
    }
}
