import WebForms

/// The HTML pages of the sandbox's login host: sign in, Allow, and OAuth errors. Field names
/// follow Salesforce's own login form (`username`, `password`, `Login`), so browser tests and
/// people find what they expect.
enum OAuthPages {
    static func callback(_ redirectURI: String, _ params: [(String, String)], state: String?) -> String {
        var all = params
        if let state { all.append(("state", state)) }
        let separator = redirectURI.contains("?") ? "&" : "?"
        return redirectURI + separator + FormData.query(all)
    }

    private static func page(_ title: String, _ body: String) -> String {
        """
        <!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>\(HTML.escape(title))</title>
        <style>body{font-family:system-ui,sans-serif;background:#f3f6f9;margin:0}main{max-width:380px;margin:60px auto;background:#fff;
        border:1px solid #d8dde6;border-radius:6px;padding:28px}h1{font-size:20px;color:#16325c}label{display:block;margin:14px 0 4px;color:#54698d}
        input[type=text],input[type=email],input[type=password]{width:100%;box-sizing:border-box;padding:10px;border:1px solid #d8dde6;border-radius:4px}
        button{margin-top:18px;width:100%;padding:11px;border:0;border-radius:4px;background:#0070d2;color:#fff;font-size:15px}
        button.secondary{background:#fff;color:#0070d2;border:1px solid #d8dde6}.error{color:#c23934;margin-top:10px}.note{color:#54698d;font-size:13px}</style>
        </head><body><main>\(body)<p class="note">Tributary sandbox org: a local Salesforce emulator.</p></main></body></html>
        """
    }

    static func signIn(transaction: String, username: String, message: String?) -> String {
        page(
            "Login | Salesforce",
            """
            <h1>Log In</h1>
            <form method="post" action="/services/oauth2/authorize" id="login_form">
            <input type="hidden" name="tx" value="\(HTML.escape(transaction))"><input type="hidden" name="step" value="login">
            <label for="username">Username</label><input type="email" id="username" name="username" value="\(HTML.escape(username))" autocomplete="username" required>
            <label for="password">Password</label><input type="password" id="password" name="password" autocomplete="current-password" required>
            \(message.map { "<p class=\"error\" id=\"error\">\(HTML.escape($0))</p>" } ?? "")
            <button type="submit" id="Login" name="Login">Log In</button>
            </form>
            """)
    }

    static func allow(transaction: String, user: SandboxUser, token: String, scope: String) -> String {
        let scopes = scope.split(separator: " ").map { "<li>\(HTML.escape(String($0)))</li>" }.joined()
        return page(
            "Allow Access?",
            """
            <h1>Allow Access?</h1>
            <p>Tributary is asking to access your org as <b>\(HTML.escape(user.username))</b>:</p><ul>\(scopes)</ul>
            <form method="post" action="/services/oauth2/authorize">
            <input type="hidden" name="tx" value="\(HTML.escape(transaction))"><input type="hidden" name="step" value="allow">
            <input type="hidden" name="user" value="\(user.index)"><input type="hidden" name="allowToken" value="\(HTML.escape(token))">
            <button type="submit" id="oaapprove" name="decision" value="allow">Allow</button>
            <button type="submit" id="oadeny" class="secondary" name="decision" value="deny">Deny</button>
            </form>
            """)
    }

    static func error(_ code: String, _ description: String) -> String {
        page("OAuth Error", "<h1>OAuth Error</h1><p class=\"error\" id=\"error\">error=\(HTML.escape(code))</p><p>\(HTML.escape(description))</p>")
    }
}
