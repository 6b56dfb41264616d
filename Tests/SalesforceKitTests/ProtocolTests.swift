import AsyncHTTPClient
import Foundation
import Testing

@testable import SalesforceKit

@Suite struct ProtocolTests {
    @Test func pkceMatchesRFC7636AppendixB() {
        #expect(PKCE(verifier: "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk").challenge == "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM")
        let made = PKCE.make()
        #expect(made.verifier.count == 43)
        #expect(made.challenge == PKCE.challenge(for: made.verifier))
        #expect(PKCE.make().verifier != made.verifier)
    }

    @Test func authorizeURLCarriesPKCEStateScopesAndRedirect() throws {
        let oauth = OAuthClient(
            app: OAuthApp(clientID: "cid", clientSecret: nil, redirectURI: "https://app.example/cb?x=1", loginHost: .sandbox),
            http: .shared)
        let url = oauth.authorizeURL(state: "s t", codeChallenge: "abc")
        #expect(url.hasPrefix("https://test.salesforce.com/services/oauth2/authorize?response_type=code&client_id=cid"))
        #expect(url.contains("redirect_uri=https%3A%2F%2Fapp.example%2Fcb%3Fx%3D1"))
        #expect(url.contains("state=s%20t"))
        #expect(url.contains("code_challenge=abc&code_challenge_method=S256"))
        #expect(url.contains("scope=api%20refresh_token%20id"))
        #expect(try LoginHost(url: "https://acme.my.salesforce.com/", policy: .salesforce).baseURL == "https://acme.my.salesforce.com")
    }

    @Test func errorBodiesBecomeTypedErrors() {
        func error(_ status: Int, _ body: String) -> SalesforceError { .from(status: status, body: Array(body.utf8)) }
        #expect(error(403, #"[{"message":"limit","errorCode":"REQUEST_LIMIT_EXCEEDED"}]"#) == .requestLimitExceeded("limit"))
        #expect(error(400, #"[{"message":"slow","errorCode":"QUERY_TIMEOUT"}]"#) == .queryTimeout("slow"))
        let disabled = error(403, #"[{"message":"no","errorCode":"API_DISABLED_FOR_ORG"}]"#)
        #expect(disabled.kind == .apiDisabled && disabled.errorCode == "API_DISABLED_FOR_ORG" && disabled.message == "no" && disabled.status == 403)
        #expect(error(403, #"[{"message":"no","errorCode":"API_CURRENTLY_DISABLED"}]"#).errorCode == "API_CURRENTLY_DISABLED")
        #expect(error(400, #"{"error":"invalid_grant","error_description":"expired access/refresh token"}"#)
            == .oauth(error: "invalid_grant", description: "expired access/refresh token"))
        #expect(error(404, #"[{"errorCode":"NOT_FOUND","message":"The requested resource does not exist"}]"#)
            == .api(status: 404, errorCode: "NOT_FOUND", message: "The requested resource does not exist"))
        #expect(error(502, "<html>Bad gateway</html>").errorCode == "SERVER_ERROR")
    }

    @Test func limitInfoAndDates() {
        #expect(APIUsage(header: "api-usage=18/15000") == APIUsage(used: 18, max: 15_000))
        #expect(APIUsage(header: "api-usage=5/100, per-app-api-usage=1/50(appName=x)") == APIUsage(used: 5, max: 100))
        #expect(APIUsage(header: "nonsense") == nil)
        let date = SalesforceDate.parse("2013-05-07T22:07:19.250+0100")
        #expect(date == Date(timeIntervalSince1970: 1_367_960_839.25))
        #expect(SalesforceDate.parse("2024-04-16T19:00:00.000Z") == Date(timeIntervalSince1970: 1_713_294_000))
        #expect(SalesforceDate.format(Date(timeIntervalSince1970: 1_713_294_000)) == "2024-04-16T19:00:00Z")
    }

    @Test func recordedDescribesDecode() throws {
        let base = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../Fixtures/salesforce")
        let account = try JSONDecoder().decode(ObjectDescribe.self, from: Data(contentsOf: base.appendingPathComponent("describe_Account.json")))
        #expect(account.name == "Account")
        #expect(account.fields.count == 68)
        #expect(account.fields.first { $0.name == "BillingStreet" }?.compoundFieldName == "BillingAddress")
        #expect(account.fields.first { $0.name == "ParentId" }?.referenceTo == ["Account"])
        let global = try JSONDecoder().decode(DescribeGlobalResponse.self, from: Data(contentsOf: base.appendingPathComponent("describeGlobal.json")))
        #expect(global.sobjects.count == 110)
        #expect(global.sobjects.contains { $0.name == "Account" && $0.queryable && $0.replicateable })
    }
}
