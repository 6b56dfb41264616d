#!/usr/bin/env python3
"""Get a refresh token from a Tributary sandbox org (stdlib only).

Salesforce (and the sandbox) issue no refresh token on the username-password grant, so this walks
the web-server flow as a person would: GET /services/oauth2/authorize (sign-in page), POST the
username and password, press Allow, take the `code` from the redirect and redeem it at
/services/oauth2/token with PKCE. Prints the token response as JSON.

usage: sandbox_oauth.py LOGIN_URL CA_CERT CLIENT_ID CLIENT_SECRET USER PASSWORD
"""
import base64, hashlib, html, json, re, secrets, ssl, sys, urllib.error, urllib.parse, urllib.request

login_url, cafile, client_id, client_secret, user, password = sys.argv[1:7]
if urllib.parse.urlparse(login_url).hostname not in ("127.0.0.1", "localhost", "::1"):
    sys.exit("refusing a login URL that is not on loopback")
ctx = ssl.create_default_context(cafile=cafile)
redirect_uri = "http://127.0.0.1:1/callback"


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *a, **k):
        return None


opener = urllib.request.build_opener(urllib.request.HTTPSHandler(context=ctx), NoRedirect)


def call(url, form=None):
    data = urllib.parse.urlencode(form).encode() if form is not None else None
    try:
        r = opener.open(urllib.request.Request(url, data=data), timeout=30)
        return r.status, dict(r.headers), r.read().decode()
    except urllib.error.HTTPError as e:  # 302 lands here because redirects are not followed
        return e.code, dict(e.headers), e.read().decode()


def hidden(page):
    return {m.group(1): html.unescape(m.group(2)) for m in re.finditer(r'<input type="hidden" name="([^"]+)" value="([^"]*)"', page)}


verifier = secrets.token_urlsafe(48)
challenge = base64.urlsafe_b64encode(hashlib.sha256(verifier.encode()).digest()).rstrip(b"=").decode()
state = secrets.token_urlsafe(16)
q = urllib.parse.urlencode({"response_type": "code", "client_id": client_id, "redirect_uri": redirect_uri,
                            "scope": "api refresh_token", "state": state, "code_challenge": challenge,
                            "code_challenge_method": "S256"})
status, _, page = call(f"{login_url}/services/oauth2/authorize?{q}")
assert status == 200, (status, page[:500])
form = hidden(page)
form.update(username=user, password=password)
status, headers, page = call(f"{login_url}/services/oauth2/authorize", form)
if status == 200:  # the Allow page (first approval of this app by this user)
    form = hidden(page)
    form["decision"] = "allow"
    status, headers, page = call(f"{login_url}/services/oauth2/authorize", form)
location = headers.get("Location") or headers.get("location")
assert status in (302, 303) and location, (status, page[:500])
params = urllib.parse.parse_qs(urllib.parse.urlparse(location).query)
assert params.get("state") == [state], location
code = params["code"][0]
status, _, body = call(f"{login_url}/services/oauth2/token", {
    "grant_type": "authorization_code", "code": code, "client_id": client_id, "client_secret": client_secret,
    "redirect_uri": redirect_uri, "code_verifier": verifier})
assert status == 200, (status, body)
tok = json.loads(body)
assert "refresh_token" in tok, body
print(json.dumps(tok))
