"""OAuth 2.0: web-server flow with PKCE, identity, refresh, revoke, errors, JWT bearer."""
import base64
import hashlib
import hmac
import secrets
import time
from urllib.parse import urlparse

import jwt
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa

from conftest import (REDIRECT_URI, VERSION, authorize, bearer, exchange, hidden_fields, parse_form, refresh,
                      salesforce, web_tokens)


def _signature(secret: str, identity: str, issued_at: str) -> str:
    return base64.b64encode(hmac.new(secret.encode(), (identity + issued_at).encode(), hashlib.sha256).digest()).decode()


def _check_token_response(org, body, *, with_refresh: bool):
    assert body["token_type"] == "Bearer"
    assert body["instance_url"] == org.base_url
    assert body["access_token"].startswith(org.organization_id[:15] + "!"), body["access_token"]
    assert body["issued_at"].isdigit() and abs(int(body["issued_at"]) / 1000 - time.time()) < 120, body["issued_at"]
    ident = urlparse(body["id"])
    assert f"{ident.scheme}://{ident.netloc}" == org.base_url, body["id"]
    parts = ident.path.strip("/").split("/")
    assert parts[0] == "id" and parts[1] == org.organization_id and parts[2].startswith("005") and len(parts[2]) == 18, body["id"]
    assert body["signature"] == _signature(org.client_secret, body["id"], body["issued_at"])
    assert ("refresh_token" in body) == with_refresh, body
    return parts[2]


def test_web_server_flow_with_pkce_identity_and_refresh(org, http):
    state = "st-" + secrets.token_urlsafe(16)
    auth = authorize(org, http, state=state)
    target = urlparse(auth.location)
    assert f"{target.scheme}://{target.netloc}{target.path}" == REDIRECT_URI
    assert auth.params["state"] == state
    code = auth.params["code"]
    r = exchange(org, http, code, auth.verifier)
    assert r.status_code == 200, r.text
    assert r.headers["Content-Type"].startswith("application/json")
    tokens = r.json()
    user_id = _check_token_response(org, tokens, with_refresh=True)
    assert tokens["refresh_token"] != tokens["access_token"]

    r = http.get(tokens["id"], headers=bearer(tokens))
    assert r.status_code == 200, r.text
    identity = r.json()
    assert identity["organization_id"] == org.organization_id
    assert identity["user_id"] == user_id
    assert identity["username"] == org.admin
    assert identity["id"] == tokens["id"]

    r = http.get(org.data(""), headers=bearer(tokens))
    assert r.status_code == 200, r.text
    assert r.json()["sobjects"] == f"/services/data/v{VERSION}/sobjects"

    r = refresh(org, http, tokens["refresh_token"])
    assert r.status_code == 200, r.text
    refreshed = r.json()
    assert _check_token_response(org, refreshed, with_refresh=False) == user_id
    assert refreshed["access_token"] != tokens["access_token"]
    sf = salesforce(org, refreshed, http)
    assert sf.query("SELECT COUNT() FROM User")["totalSize"] > 0


def test_code_is_single_use(org, http):
    auth = authorize(org, http, state="replay")
    first = exchange(org, http, auth.params["code"], auth.verifier)
    assert first.status_code == 200, first.text
    again = exchange(org, http, auth.params["code"], auth.verifier)
    assert again.status_code == 400, again.text
    assert again.json()["error"] == "invalid_grant", again.text


def test_wrong_code_verifier_is_invalid_grant(org, http):
    auth = authorize(org, http, state="verifier")
    r = exchange(org, http, auth.params["code"], secrets.token_urlsafe(64))
    assert r.status_code == 400, r.text
    assert r.json()["error"] == "invalid_grant", r.text
    r = exchange(org, http, auth.params["code"], None)
    assert r.status_code == 400 and r.json()["error"] in ("invalid_grant", "invalid_request"), r.text


def test_unknown_client_id_gets_an_html_error_page(org, http):
    r = http.get(org.url("/services/oauth2/authorize"), params={
        "response_type": "code", "client_id": "3MVG9NotARealClient", "redirect_uri": REDIRECT_URI, "state": "x",
    }, allow_redirects=False)
    assert r.status_code == 400, r.status_code
    assert "Location" not in r.headers
    assert r.headers["Content-Type"].startswith("text/html")
    assert "invalid_client_id" in r.text
    assert "tx" not in hidden_fields(r.text)


def test_deny_redirects_with_access_denied(org, http):
    auth = authorize(org, http, state="deny-me", decision="deny")
    assert auth.location.startswith(REDIRECT_URI + "?"), auth.location
    assert auth.params.get("error") == "access_denied", auth.location
    assert auth.params.get("state") == "deny-me"
    assert "code" not in auth.params


def test_wrong_password_shows_the_sign_in_page_again(org, http):
    r = http.get(org.url("/services/oauth2/authorize"), params={
        "response_type": "code", "client_id": org.client_id, "redirect_uri": REDIRECT_URI, "state": "pw",
    })
    tx = hidden_fields(r.text)["tx"]
    r = http.post(org.url("/services/oauth2/authorize"), data={
        "tx": tx, "step": "login", "username": org.admin, "password": "not-the-password",
    }, allow_redirects=False)
    assert "Location" not in r.headers, r.headers
    assert r.status_code in (200, 401), r.status_code
    again = hidden_fields(r.text)
    assert again.get("tx") == tx and again.get("step") == "login", r.text[:800]
    assert {"username", "password"} <= {i.get("name") for i in parse_form(r.text).inputs}
    assert 'class="error"' in r.text and "check your username and password" in r.text


def test_revoked_refresh_token_is_invalid_grant(org, http):
    tokens = web_tokens(org, http)
    r = http.post(org.url("/services/oauth2/revoke"), data={"token": tokens["refresh_token"]})
    assert r.status_code == 200, r.text
    r = refresh(org, http, tokens["refresh_token"])
    assert r.status_code == 400, r.text
    assert r.json() == {"error": "invalid_grant", "error_description": "expired access/refresh token"}
    # Revoking a refresh token also revokes the access tokens issued with it.
    r = http.get(org.data("limits"), headers=bearer(tokens))
    assert r.status_code == 401, r.text
    r = http.post(org.url("/services/oauth2/revoke"), data={"token": tokens["refresh_token"]})
    assert r.status_code == 400 and r.json()["error"] == "invalid_token", r.text


def _jwt(org, key, **claims) -> str:
    payload = {"iss": org.client_id, "sub": org.admin, "aud": org.base_url, "exp": int(time.time()) + 180}
    payload.update(claims)
    return jwt.encode(payload, key, algorithm="RS256")


def _jwt_grant(org, http, assertion):
    return http.post(org.url("/services/oauth2/token"), data={
        "grant_type": "urn:ietf:params:oauth:grant-type:jwt-bearer", "assertion": assertion,
    })


def test_jwt_bearer_with_the_sandbox_key(org, http):
    with open(org.jwt_key, "rb") as f:
        key = serialization.load_pem_private_key(f.read(), password=None)
    r = _jwt_grant(org, http, _jwt(org, key))
    assert r.status_code == 200, r.text
    body = r.json()
    _check_token_response(org, body, with_refresh=False)
    sf = salesforce(org, body, http)
    assert sf.query("SELECT COUNT() FROM Account")["totalSize"] > 0


def test_jwt_bearer_signed_with_another_key_is_invalid_grant(org, http):
    other = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    r = _jwt_grant(org, http, _jwt(org, other))
    assert r.status_code == 400, r.text
    assert r.json()["error"] == "invalid_grant", r.text


def test_jwt_bearer_with_wrong_audience_is_invalid_grant(org, http):
    with open(org.jwt_key, "rb") as f:
        key = serialization.load_pem_private_key(f.read(), password=None)
    r = _jwt_grant(org, http, _jwt(org, key, aud="https://evil.example.com"))
    assert r.status_code == 400, r.text
    assert r.json()["error"] == "invalid_grant", r.text


def test_password_grant_with_wrong_password_is_authentication_failure(org, http):
    r = http.post(org.url("/services/oauth2/token"), data={
        "grant_type": "password", "client_id": org.client_id, "client_secret": org.client_secret,
        "username": org.admin, "password": "wrong",
    })
    assert r.status_code == 400, r.text
    assert r.json() == {"error": "invalid_grant", "error_description": "authentication failure"}
