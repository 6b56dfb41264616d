"""Injected faults and org controls (`/_sandbox/...`), seen through simple-salesforce."""
import csv
import io
import json
import time
from datetime import datetime, timedelta, timezone

import pytest
import requests
from simple_salesforce.exceptions import (SalesforceExpiredSession, SalesforceGeneralError, SalesforceMalformedRequest,
                                          SalesforceRefusedRequest)

from conftest import (add_fault, bearer, control, error_code, parse_sf_datetime, password_token, refresh, salesforce,
                      soql_datetime, web_tokens)

SMALL = "SELECT Id FROM User LIMIT 5"


def _ok(sf):
    assert len(sf.query(SMALL)["records"]) == 5


def test_http500(org, sf):
    add_fault(org, kind="http500", count=1, pathContains="/query")
    with pytest.raises(SalesforceGeneralError) as info:
        sf.query(SMALL)
    assert info.value.status == 500 and error_code(info.value.content) == "UNKNOWN_EXCEPTION"
    _ok(sf)


def test_http503_twice(sf, org):
    add_fault(org, kind="http503", count=2)
    for _ in range(2):
        with pytest.raises(SalesforceGeneralError) as info:
            sf.query(SMALL)
        assert info.value.status == 503 and error_code(info.value.content) == "SERVER_UNAVAILABLE"
    _ok(sf)


def test_fault_only_on_matching_paths(org, sf):
    add_fault(org, kind="http503", count=1, pathContains="/sobjects/Account")
    _ok(sf)
    with pytest.raises(SalesforceGeneralError):
        sf.Account.describe()
    assert sf.Account.describe()["name"] == "Account"


def test_slow(org, sf):
    add_fault(org, kind="slow", count=1, delayMs=800)
    started = time.monotonic()
    _ok(sf)
    assert time.monotonic() - started >= 0.8
    started = time.monotonic()
    _ok(sf)
    assert time.monotonic() - started < 0.8


def test_hang_until_the_client_gives_up(org, token):
    add_fault(org, kind="hang", count=1, delayMs=4000)
    with org.session(timeout=1.0) as s:
        sf = salesforce(org, token, s)
        started = time.monotonic()
        with pytest.raises(requests.exceptions.ReadTimeout):
            sf.query(SMALL)
        assert time.monotonic() - started < 3
        _ok(sf)


def test_request_limit(org, sf):
    add_fault(org, kind="requestLimit", afterCalls=2)
    _ok(sf)
    _ok(sf)
    for _ in range(2):
        with pytest.raises(SalesforceRefusedRequest) as info:
            sf.query(SMALL)
        assert info.value.status == 403 and error_code(info.value.content) == "REQUEST_LIMIT_EXCEEDED"
    control(org, "DELETE", "faults")
    _ok(sf)


def test_malformed_json(org, http, token, sf):
    add_fault(org, kind="malformedJSON", count=1, pathContains="/query")
    r = http.get(org.data("query"), params={"q": SMALL}, headers=bearer(token))
    assert r.status_code == 200
    with pytest.raises(ValueError):
        json.loads(r.text)
    add_fault(org, kind="malformedJSON", count=1, pathContains="/query")
    with pytest.raises(ValueError):  # requests' JSONDecodeError
        sf.query(SMALL)
    _ok(sf)


def _completed_job(org, http, token, soql):
    r = http.post(org.data("jobs/query"), json={"operation": "query", "query": soql}, headers=bearer(token))
    assert r.status_code == 200, r.text
    job_id = r.json()["id"]
    for _ in range(20):
        if http.get(org.data(f"jobs/query/{job_id}"), headers=bearer(token)).json()["state"] == "JobComplete":
            return job_id
        time.sleep(0.05)
    pytest.fail("job did not complete")


def test_truncated_csv(org, http, token):
    job_id = _completed_job(org, http, token, "SELECT Id, Name, Status__c FROM Invoice__c")
    add_fault(org, kind="truncatedCSV", count=1, pathContains="/results")
    url = org.data(f"jobs/query/{job_id}/results")
    cut = http.get(url, params={"maxRecords": 2000}, headers=bearer(token))
    assert cut.status_code == 200
    announced = int(cut.headers["Sforce-NumberOfRecords"])
    assert announced == 2000
    assert not cut.text.endswith("\n"), cut.text[-200:]
    assert len(list(csv.reader(io.StringIO(cut.text)))) - 1 < announced
    whole = http.get(url, params={"maxRecords": 2000}, headers=bearer(token))
    assert whole.text.endswith("\n") and len(list(csv.reader(io.StringIO(whole.text)))) - 1 == 2000
    assert whole.text.startswith(cut.text[: len(cut.text) // 2])


def test_query_timeout(org, sf):
    add_fault(org, kind="queryTimeout", count=1, maxRecords=1000)
    _ok(sf)  # selective enough: stays under the threshold, the fault stays armed
    with pytest.raises(SalesforceMalformedRequest) as info:
        sf.query("SELECT Id FROM Account")
    assert info.value.status == 400 and error_code(info.value.content) == "QUERY_TIMEOUT"
    assert sf.query("SELECT Id FROM Account")["totalSize"] > 1000


def test_expired_sessions(org, http):
    tokens = web_tokens(org, http)
    sf = salesforce(org, tokens, http)
    _ok(sf)
    assert control(org, "POST", "sessions/expire").json()["expired"] >= 1
    with pytest.raises(SalesforceExpiredSession) as info:
        sf.query(SMALL)
    assert info.value.status == 401 and error_code(info.value.content) == "INVALID_SESSION_ID"
    r = refresh(org, http, tokens["refresh_token"])
    assert r.status_code == 200, r.text
    _ok(salesforce(org, r.json(), http))


def test_revoked_refresh_tokens(org, http):
    tokens = web_tokens(org, http)
    assert control(org, "POST", "refresh-tokens/revoke").json()["revoked"] >= 1
    r = refresh(org, http, tokens["refresh_token"])
    assert r.status_code == 400, r.text
    assert r.json()["error"] == "invalid_grant"


def test_api_disabled_for_org(org, sf):
    control(org, "POST", "org", {"apiDisabled": True})
    with pytest.raises(SalesforceRefusedRequest) as info:
        sf.query(SMALL)
    assert info.value.status == 403 and error_code(info.value.content) == "API_DISABLED_FOR_ORG"
    control(org, "POST", "org", {"apiDisabled": False})
    _ok(sf)


def test_user_without_api_access(org, http):
    token = password_token(org, org.noapi)
    sf = salesforce(org, token, http)
    with pytest.raises(SalesforceRefusedRequest) as info:
        sf.query(SMALL)
    assert info.value.status == 403 and error_code(info.value.content) == "API_CURRENTLY_DISABLED"


def test_late_visibility(org, sf):
    account = sf.query("SELECT Id, Site, SystemModstamp FROM Account ORDER BY Name LIMIT 1")["records"][0]
    marker = f"late-{time.time_ns() % 10**9}"
    soql = f"SELECT Id, Site, SystemModstamp FROM Account WHERE Id = '{account['Id']}'"
    control(org, "POST", "late-visibility", {"delayMs": 1500})
    before = datetime.now(timezone.utc)
    assert sf.Account.update(account["Id"], {"Site": marker}) == 204
    after = datetime.now(timezone.utc)

    early = sf.query(soql)["records"][0]
    assert early["Site"] == account["Site"] != marker
    assert early["SystemModstamp"] == account["SystemModstamp"]
    assert sf.query(f"SELECT COUNT() FROM Account WHERE Site = '{marker}'")["totalSize"] == 0

    time.sleep(max(0.0, (before + timedelta(milliseconds=1700) - datetime.now(timezone.utc)).total_seconds()))
    seen = datetime.now(timezone.utc)
    late = sf.query(soql)["records"][0]
    assert late["Site"] == marker
    stamp = parse_sf_datetime(late["SystemModstamp"])
    assert before - timedelta(milliseconds=5) <= stamp <= after + timedelta(milliseconds=5), (before, stamp, after)
    assert stamp < seen - timedelta(seconds=1)
    assert sf.query(f"SELECT COUNT() FROM Account WHERE Site = '{marker}' AND SystemModstamp < {soql_datetime(seen)}")[
        "totalSize"] == 1


def test_activity_changes_the_org(org, sf):
    before = control(org, "GET", "state").json()["counts"]
    started = datetime.now(timezone.utc) - timedelta(seconds=1)
    control(org, "POST", "activity", {"perSecond": 50})
    assert control(org, "GET", "state").json()["activityPerSecond"] == 50
    time.sleep(1.2)
    control(org, "POST", "activity", {"perSecond": 0})
    time.sleep(0.2)
    after = control(org, "GET", "state").json()["counts"]
    changed = {k for k in after if after[k] != before.get(k)}
    assert changed, (before, after)
    new_leads = sf.query(f"SELECT COUNT() FROM Lead WHERE CreatedDate >= {soql_datetime(started)}")["totalSize"]
    modified = sf.query(f"SELECT COUNT() FROM Opportunity WHERE SystemModstamp >= {soql_datetime(started)}")["totalSize"]
    assert new_leads + modified > 0
