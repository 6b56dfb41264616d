import Testing
import WebForms

/// The form decoder the sandbox's OAuth endpoints and the web app share.
@Suite struct FormDataTests {
    @Test func repeatedFieldsAndBrokenEscapes() {
        let text = "a=1&b=x+y%21&a=2&%ZZ=skipped&c=%E2%9C%93&d=%C3&e"
        #expect(FormData.parse(text) == ["a": "2", "b": "x y!", "c": "✓", "d": "", "e": ""])
        #expect(FormData.parse(text, repeated: .joined) == ["a": "1,2", "b": "x y!", "c": "✓", "d": "", "e": ""])
    }

    @Test func encodedQueriesDecodeToWhatWasEncoded() {
        let params = [("redirect_uri", "http://127.0.0.1:8080/cb?x=1&y=two words"), ("state", "ä+ö/~._-")]
        let decoded = FormData.parse(FormData.query(params))
        #expect(decoded == Dictionary(uniqueKeysWithValues: params))
        #expect(HTML.escape(#"<a href="x">Tom & Jerry's</a>"#) == "&lt;a href=&quot;x&quot;&gt;Tom &amp; Jerry&#39;s&lt;/a&gt;")
    }
}
