import SalesforceKit

/// Salesforce's edge refuses a request whose request line plus headers pass 16,384 bytes, before
/// the org sees it: 414 URI Too Long (431 for headers) with an HTML body ("In each REST call, the
/// maximum length for the combined URI and headers is 16,384 bytes", API limits cheat sheet). A
/// REST query is a GET with the SOQL in its URL, so an object with hundreds of managed-package
/// fields cannot be read through REST at all: the table failed every cycle and stayed empty.
///
/// Decision: a query whose GET would not fit goes through Bulk API 2.0, whatever its size (the
/// SOQL travels in a POST body, which has no such limit), instead of splitting the field list
/// into several REST queries merged by `Id`. Measured against the sandbox org with
/// `--wide-objects 400` (`ProductionOrgSyncTests`): Account's window request line is 19,856 bytes
/// for its 465 fields, 1,294 for its 62 usual ones, so two REST queries would do, and a small
/// window costs 2 calls by REST (count, page) against at least 4 by Bulk (create, poll, results,
/// delete). But splitting needs merge logic for
/// every path (REST pages of different queries do not line up, rows change between the queries,
/// so a merged row can mix two versions of the record, and a resumed read must resume N cursors),
/// while Bulk reads the row once, consistently, with the resume, split and restart rules the
/// copy already has. The extra calls fall only on the few wide objects, and only for windows that
/// REST would have read; windows over the Bulk threshold went through Bulk anyway.
///
/// Reads of a few columns (the deletes phase, id reconciliation, formula rechecks) stay on REST:
/// the rule is per query, from the query's own text.
enum RequestSize {
    /// Salesforce's limit on the request line plus headers.
    static let limit = 16_384
    /// What the headers may take: `Host` (a My Domain, about 40 bytes), `Authorization: Bearer`
    /// and an access token (about 112 bytes for Salesforce's session ids), `Accept`,
    /// `Sforce-Query-Options`, and what AsyncHTTPClient adds: a few hundred bytes by count; the
    /// reserve leaves room for longer tokens and proxies' headers. So a request line may take
    /// 14,336 bytes.
    static let headerReserve = 2_048
    /// The request line around the encoded SOQL, with the longest resource and a version of four digits.
    static let requestLineOverhead = "GET /services/data/v99.9/queryAll/?q= HTTP/1.1\r\n".utf8.count

    /// Bytes of the request line of a REST query of `soql`.
    static func queryRequestLineBytes(_ soql: String) -> Int {
        requestLineOverhead + FormEncoding.escape(soql).utf8.count
    }

    /// Whether `soql` can be sent as a REST GET (else it must go through Bulk).
    static func fitsInGET(_ soql: String) -> Bool {
        queryRequestLineBytes(soql) + headerReserve <= limit
    }
}
