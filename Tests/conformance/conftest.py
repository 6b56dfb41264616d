"""Fixtures and helpers of the sandbox-org conformance suite.

One `tributary sandbox --tls` process serves the whole session; every test gets fresh tokens and
starts with the faults and switches reset. All traffic goes to 127.0.0.1 over HTTPS, verified
against the sandbox's self-signed certificate.
"""
from __future__ import annotations

import base64
import hashlib
import os
import queue
import re
import secrets
import subprocess
import threading
import time
from dataclasses import dataclass, field
from datetime import datetime, timezone
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import parse_qs, urlparse

import pytest
import requests
from simple_salesforce import Salesforce

ROOT = Path(__file__).resolve().parents[2]
BINARY = Path(os.environ.get("TRIBUTARY_BINARY", ROOT / ".build" / "debug" / "tributary"))
VERSION = "62.0"
REDIRECT_URI = "http://127.0.0.1:9/callback"
TIMEOUT = 30.0
STARTUP_TIMEOUT = 120.0
LIMIT_INFO = re.compile(r"^api-usage=(\d+)/(\d+)")


# --------------------------------------------------------------------------------------------
# HTTP


class SandboxSession(requests.Session):
    """A requests session that only talks to 127.0.0.1, always verifies the sandbox certificate
    and never waits forever (a default timeout on every call, simple-salesforce's included)."""

    def __init__(self, cert: str, timeout: float = TIMEOUT):
        super().__init__()
        self.trust_env = False  # no proxies, no REQUESTS_CA_BUNDLE overriding `verify`
        self.cert_path = cert
        self.default_timeout = timeout

    def request(self, method, url, *args, **kwargs):
        host = urlparse(url).hostname
        assert host == "127.0.0.1", f"refusing to call a host other than 127.0.0.1: {url}"
        kwargs.setdefault("timeout", self.default_timeout)
        kwargs["verify"] = self.cert_path
        return super().request(method, url, *args, **kwargs)


@dataclass
class Org:
    """What the sandbox banner printed."""

    base_url: str
    cert: str
    client_id: str
    client_secret: str
    organization_id: str
    jwt_key: str
    data_dir: str
    users: dict[str, str] = field(default_factory=dict)  # username -> password
    banner: str = ""
    process: subprocess.Popen | None = None

    admin = "admin@tributary.sandbox"
    noapi = "noapi@tributary.sandbox"

    def url(self, path: str) -> str:
        return self.base_url + path

    def data(self, path: str, version: str = VERSION) -> str:
        return f"{self.base_url}/services/data/v{version}/{path.lstrip('/')}"

    def session(self, timeout: float = TIMEOUT) -> SandboxSession:
        return SandboxSession(self.cert, timeout)


def _reader(stream, lines: queue.Queue, sink: Path):
    with open(sink, "a", encoding="utf-8") as out:
        for raw in iter(stream.readline, b""):
            line = raw.decode("utf-8", "replace")
            out.write(line)
            out.flush()
            lines.put(line)
    lines.put(None)


def _parse_banner(lines: list[str]) -> dict[str, object]:
    info: dict[str, object] = {"users": {}}
    for line in lines:
        m = re.match(r"^\s*([A-Za-z ]+):\s+(.*?)\s*$", line)
        if not m:
            continue
        key, value = m.group(1).strip(), m.group(2)
        if key == "User":
            um = re.match(r"^(\S+) / (\S+)", value)
            if um:
                info["users"][um.group(1)] = um.group(2)
        else:
            info[key] = value
    return info


@pytest.fixture(scope="session")
def org(tmp_path_factory) -> Org:
    yield from start_sandbox(tmp_path_factory, ["--scale", "70", "--token-lifetime", "3600"])


def start_sandbox(tmp_path_factory, args: list[str]):
    """Starts `tributary sandbox --tls` with `args`, yields its Org once the banner is printed,
    and stops the process afterwards (a generator for fixtures of any scope)."""
    if not BINARY.exists():
        pytest.fail(f"sandbox binary not found at {BINARY}: build it with `swift build` first", pytrace=False)
    data_dir = tmp_path_factory.mktemp("sandbox-data")
    log_dir = tmp_path_factory.mktemp("sandbox-logs")
    cmd = [str(BINARY), "sandbox", "--tls", "--port", "0", "--data-dir", str(data_dir), *args]
    stderr_log = open(log_dir / "stderr.log", "wb")
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=stderr_log, stdin=subprocess.DEVNULL)
    lines: queue.Queue = queue.Queue()
    threading.Thread(target=_reader, args=(proc.stdout, lines, log_dir / "stdout.log"), daemon=True).start()
    seen: list[str] = []
    deadline = time.monotonic() + STARTUP_TIMEOUT
    try:
        while not any("Controls:" in line for line in seen):
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise RuntimeError("sandbox did not print its banner in time")
            try:
                line = lines.get(timeout=min(remaining, 1.0))
            except queue.Empty:
                continue
            if line is None:
                raise RuntimeError(f"sandbox exited with {proc.wait(timeout=5)}")
            seen.append(line)
    except Exception as error:  # noqa: BLE001 - report what the process said, then fail
        proc.kill()
        proc.wait(timeout=10)
        stderr_log.close()
        err = (log_dir / "stderr.log").read_text(errors="replace")[-4000:]
        pytest.fail(f"{error}\ncommand: {' '.join(cmd)}\nstdout:\n{''.join(seen)}\nstderr:\n{err}", pytrace=False)
    info = _parse_banner(seen)
    missing = [k for k in ("Login URL", "Organization", "Client id", "Client secret", "Certificate", "JWT key") if k not in info]
    if missing:
        proc.kill()
        pytest.fail(f"banner lacks {missing}:\n{''.join(seen)}", pytrace=False)
    the_org = Org(
        base_url=str(info["Login URL"]).rstrip("/"), cert=str(info["Certificate"]), client_id=str(info["Client id"]),
        client_secret=str(info["Client secret"]), organization_id=str(info["Organization"]), jwt_key=str(info["JWT key"]),
        data_dir=str(data_dir), users=dict(info["users"]), banner="".join(seen), process=proc,
    )
    try:
        yield the_org
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(timeout=10)
        stderr_log.close()


# --------------------------------------------------------------------------------------------
# Controls and tokens


def control(org: Org, method: str, action: str, body: dict | None = None) -> requests.Response:
    """Calls `/_sandbox/<action>`; fails the test when the control itself is refused."""
    with org.session() as s:
        r = s.request(method, org.url(f"/_sandbox/{action}"), json=body)
    assert r.status_code < 300, f"{method} /_sandbox/{action} {body} -> {r.status_code} {r.text}"
    return r


def add_fault(org: Org, **spec) -> dict:
    r = control(org, "POST", "faults", spec)
    assert r.status_code == 201, r.text
    return r.json()


def reset_org(org: Org) -> None:
    control(org, "DELETE", "faults")
    control(org, "POST", "org", {"apiDisabled": False})
    control(org, "POST", "late-visibility", {"delayMs": 0})
    control(org, "POST", "activity", {"perSecond": 0})


def password_token(org: Org, username: str | None = None, password: str | None = None) -> dict:
    username = username or org.admin
    password = password or org.users[username]
    with org.session() as s:
        r = s.post(org.url("/services/oauth2/token"), data={
            "grant_type": "password", "client_id": org.client_id, "client_secret": org.client_secret,
            "username": username, "password": password,
        })
    assert r.status_code == 200, f"password grant -> {r.status_code} {r.text}"
    body = r.json()
    assert body["access_token"] and body["instance_url"] == org.base_url, body
    return body


def salesforce(org: Org, token: dict, session: requests.Session | None = None) -> Salesforce:
    return Salesforce(instance_url=token["instance_url"], session_id=token["access_token"],
                      session=session or org.session(), version=VERSION)


def bearer(token: dict | str) -> dict:
    value = token if isinstance(token, str) else token["access_token"]
    return {"Authorization": f"Bearer {value}"}


def error_code(content) -> str:
    """The errorCode of a Salesforce REST error body (an array of {message, errorCode})."""
    assert isinstance(content, list) and content, f"expected an error array, got {content!r}"
    return content[0]["errorCode"]


def count(sf: Salesforce, soql: str) -> int:
    result = sf.query(soql)
    assert result["done"] is True and result["records"] == [], result
    return result["totalSize"]


def limit_info(response: requests.Response) -> tuple[int, int]:
    header = response.headers.get("Sforce-Limit-Info")
    assert header, f"no Sforce-Limit-Info on {response.request.method} {response.url} ({response.status_code})"
    m = LIMIT_INFO.match(header)
    assert m, f"bad Sforce-Limit-Info {header!r}"
    return int(m.group(1)), int(m.group(2))


def parse_sf_datetime(text: str) -> datetime:
    """`2024-01-02T03:04:05.000+0000` (REST) or `...Z` (Bulk CSV)."""
    m = re.fullmatch(r"(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3})(\+0000|Z)", text)
    assert m, f"not a Salesforce datetime: {text!r}"
    return datetime.strptime(m.group(1), "%Y-%m-%dT%H:%M:%S.%f").replace(tzinfo=timezone.utc)


def soql_datetime(moment: datetime) -> str:
    return moment.astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


# --------------------------------------------------------------------------------------------
# OAuth web-server flow


class _FormParser(HTMLParser):
    def __init__(self):
        super().__init__()
        self.inputs: list[dict[str, str]] = []
        self.forms: list[dict[str, str]] = []

    def handle_starttag(self, tag, attrs):
        a = {k: (v or "") for k, v in attrs}
        if tag in ("input", "button"):
            self.inputs.append(dict(a, tag=tag))
        elif tag == "form":
            self.forms.append(a)


def parse_form(html: str) -> _FormParser:
    p = _FormParser()
    p.feed(html)
    return p


def hidden_fields(html: str) -> dict[str, str]:
    return {i["name"]: i.get("value", "") for i in parse_form(html).inputs if i.get("type") == "hidden" and i.get("name")}


def pkce_pair() -> tuple[str, str]:
    verifier = secrets.token_urlsafe(64)
    challenge = base64.urlsafe_b64encode(hashlib.sha256(verifier.encode()).digest()).rstrip(b"=").decode()
    return verifier, challenge


@dataclass
class Authorization:
    location: str
    params: dict[str, str]
    verifier: str


def authorize(org: Org, s: requests.Session, *, state: str, decision: str = "allow", username: str | None = None,
              client_id: str | None = None) -> Authorization:
    """Runs the browser part of the web-server flow: authorize page → sign-in → Allow/Deny.
    `prompt=login consent` forces the Allow page even after an earlier approval."""
    verifier, challenge = pkce_pair()
    username = username or org.admin
    r = s.get(org.url("/services/oauth2/authorize"), params={
        "response_type": "code", "client_id": client_id or org.client_id, "redirect_uri": REDIRECT_URI,
        "state": state, "scope": "api refresh_token id", "code_challenge": challenge,
        "code_challenge_method": "S256", "prompt": "login consent",
    }, allow_redirects=False)
    assert r.status_code == 200 and "text/html" in r.headers.get("Content-Type", ""), f"authorize page: {r.status_code} {r.text[:500]}"
    form = hidden_fields(r.text)
    assert form.get("tx") and form.get("step") == "login", f"sign-in form without tx/step: {r.text[:800]}"
    names = {i.get("name") for i in parse_form(r.text).inputs}
    assert {"username", "password"} <= names, names
    r = s.post(org.url("/services/oauth2/authorize"), data={
        "tx": form["tx"], "step": "login", "username": username, "password": org.users[username],
    }, allow_redirects=False)
    assert r.status_code == 200, f"sign-in: {r.status_code} {r.headers.get('Location')} {r.text[:500]}"
    allow = hidden_fields(r.text)
    assert allow.get("step") == "allow" and allow.get("tx") == form["tx"], f"Allow page: {r.text[:800]}"
    buttons = {(i.get("name"), i.get("value")) for i in parse_form(r.text).inputs if i["tag"] == "button"}
    assert ("decision", "allow") in buttons and ("decision", "deny") in buttons, buttons
    r = s.post(org.url("/services/oauth2/authorize"), data=dict(allow, decision=decision), allow_redirects=False)
    assert r.status_code in (302, 303), f"decision {decision}: {r.status_code} {r.text[:500]}"
    location = r.headers["Location"]
    params = {k: v[0] for k, v in parse_qs(urlparse(location).query).items()}
    return Authorization(location=location, params=params, verifier=verifier)


def exchange(org: Org, s: requests.Session, code: str, verifier: str | None) -> requests.Response:
    data = {"grant_type": "authorization_code", "code": code, "client_id": org.client_id,
            "client_secret": org.client_secret, "redirect_uri": REDIRECT_URI}
    if verifier is not None:
        data["code_verifier"] = verifier
    return s.post(org.url("/services/oauth2/token"), data=data)


def refresh(org: Org, s: requests.Session, refresh_token: str) -> requests.Response:
    return s.post(org.url("/services/oauth2/token"), data={
        "grant_type": "refresh_token", "refresh_token": refresh_token,
        "client_id": org.client_id, "client_secret": org.client_secret,
    })


def web_tokens(org: Org, s: requests.Session) -> dict:
    """Access + refresh token through the whole web-server flow."""
    state = secrets.token_urlsafe(12)
    auth = authorize(org, s, state=state)
    assert "code" in auth.params, auth.location
    r = exchange(org, s, auth.params["code"], auth.verifier)
    assert r.status_code == 200, f"code exchange: {r.status_code} {r.text}"
    body = r.json()
    assert body.get("refresh_token"), body
    return body


# --------------------------------------------------------------------------------------------
# Per-test fixtures


@dataclass
class ReplicationProbe:
    """Lead changes made as the session starts, so `updated`/`deleted` (whole minutes only) can
    report them later without every test waiting for the minute to turn."""

    started: datetime
    updated_id: str
    deleted_id: str
    finished: datetime

    def wait_until_covered(self):
        """`latestDateCovered` is the current minute's start: wait until it passes the changes."""
        boundary = (int(self.finished.timestamp()) // 60 + 1) * 60
        delay = boundary - time.time() + 0.2
        if delay > 0:
            time.sleep(delay)


@pytest.fixture(scope="session")
def replication_probe(org) -> ReplicationProbe:
    reset_org(org)
    token = password_token(org)
    started = datetime.now(timezone.utc)
    with org.session() as s:
        h = bearer(token)
        r = s.post(org.data("sobjects/Lead"), json={"LastName": "ProbeUpdated", "Company": "Probe Co"}, headers=h)
        assert r.status_code == 201, r.text
        updated_id = r.json()["id"]
        r = s.patch(org.data(f"sobjects/Lead/{updated_id}"), json={"Title": "Probe"}, headers=h)
        assert r.status_code == 204, r.text
        r = s.post(org.data("sobjects/Lead"), json={"LastName": "ProbeDeleted", "Company": "Probe Co"}, headers=h)
        assert r.status_code == 201, r.text
        deleted_id = r.json()["id"]
        r = s.delete(org.data(f"sobjects/Lead/{deleted_id}"), headers=h)
        assert r.status_code == 204, r.text
    return ReplicationProbe(started, updated_id, deleted_id, datetime.now(timezone.utc))


@pytest.fixture(autouse=True)
def clean_org(org, replication_probe):
    reset_org(org)
    yield
    reset_org(org)


@pytest.fixture
def http(org):
    with org.session() as s:
        yield s


@pytest.fixture
def token(org) -> dict:
    return password_token(org)


@pytest.fixture
def sf(org, token, http) -> Salesforce:
    return salesforce(org, token, http)
