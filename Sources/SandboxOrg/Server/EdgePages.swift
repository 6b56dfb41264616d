/// The bodies Salesforce's edge (its front proxies) answers with before a request reaches the API:
/// HTML, never the JSON error array, so a client that parses every error as JSON fails on them.
/// The texts follow the pages quoted in connectors' issue trackers (see docs/sandbox-fidelity.md).
enum EdgePages {
    static let htmlType = "text/html"

    /// 420: the edge has no route to the org for a moment (jsforce checks for the last sentence).
    static let status420 = page(
        title: "Error Page",
        body: "<h1>We are setting things up</h1><p>This should only take a few seconds. "
            + "If it takes too long, please contact support or visit our status page.</p>")

    /// 406: refused by the edge; clients that met it in the wild retry it (salto-io/salto#5675).
    static let status406 = page(title: "Error Page", body: "<h1>Not Acceptable</h1><p>An error occurred while processing your request.</p>")

    /// 414 and 431 come from the edge's Jetty, in its terse style (simple-salesforce#271).
    static let status414 = "<h1>Bad Message 414</h1><pre>reason: URI Too Long</pre>"
    static let status431 = "<h1>Bad Message 431</h1><pre>reason: Request Header Fields Too Large</pre>"

    private static func page(title: String, body: String) -> String {
        "<!doctype html><html lang=en-US><meta charset=UTF-8><title>\(title)</title><body>\(body)</body></html>"
    }
}
