import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdCore
import HummingbirdTesting
import Logging
import NIOCore
import Testing

@testable import WebApp

/// Finding 15 of issue 15: redirects stay on this site, however the path is spelled.
@Suite struct RedirectTests {
    @Test(arguments: ["/\t/evil.example", "/\n/evil.example", "/\r\n/evil.example", "/ /evil.example", "/\u{0}/evil.example",
                      "//evil.example", "/\\evil.example", "https://evil.example", "evil.example", "", "/\u{7F}/evil.example", "/é"])
    func aPathThatABrowserCouldReadAsAnotherHostRedirectsHome(_ path: String) {
        #expect(WebApp.redirect(path).headers[.location] == "/")
    }

    @Test(arguments: ["/", "/connections", "/warehouse?connection=1&table=Account", "/reports/12#chart", "/a%20b"])
    func pathsOfThisSiteAreKept(_ path: String) {
        #expect(WebApp.redirect(path).headers[.location] == path)
    }
}
