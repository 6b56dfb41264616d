"""Production orgs' hard edges, seen through simple-salesforce: the edge's transient answers,
failing Bulk jobs, the URI limit, session-bound cursors, rotating refresh tokens and archived
activities (`tributary sandbox --profile production`)."""
from email.utils import formatdate

import pytest
from simple_salesforce.exceptions import (SalesforceExpiredSession, SalesforceGeneralError, SalesforceMalformedRequest,
                                          SalesforceRefusedRequest)

from conftest import VERSION, add_fault, bearer, count, error_code, password_token, refresh, salesforce, start_sandbox, web_tokens

SMALL = "SELECT Id FROM User LIMIT 5"


@pytest.fixture(scope="module")
def production(tmp_path_factory):
    """A second org with every production edge on (scale 2 keeps it quick)."""
    yield from start_sandbox(tmp_path_factory, ["--scale", "2", "--profile", "production", "--as-of", "2026-01-01",
                                                "--unfilterable-dates", "Campaign"])


def test_unfilterable_dates_describe_as_such_and_refuse_a_filter(production, prod_http):
    """`--unfilterable-dates`: the object's dates are not filterable in describe, and a query that
    filters on one is refused as Salesforce refuses a filter on an unfilterable field."""
    sf = salesforce(production, password_token(production), prod_http)
    fields = {f["name"]: f for f in sf.Campaign.describe()["fields"]}
    dates = [name for name in ("SystemModstamp", "LastModifiedDate", "CreatedDate") if name in fields]
    assert "SystemModstamp" in dates and all(not fields[name]["filterable"] for name in dates)
    assert fields["Id"]["filterable"]
    with pytest.raises(SalesforceMalformedRequest) as info:
        sf.query("SELECT Id FROM Campaign WHERE SystemModstamp > 2020-01-01T00:00:00Z")
    assert error_code(info.value.content) == "INVALID_FIELD"
    assert len(sf.query("SELECT Id FROM Campaign")["records"]) > 0


def test_http420_is_an_html_page_then_the_api_answers(org, sf):
    add_fault(org, kind="http420", count=1, pathContains="/query")
    with pytest.raises(SalesforceGeneralError) as info:
        sf.query(SMALL)
    assert info.value.status == 420
    assert "If it takes too long, please contact support or visit our" in info.value.content
    assert len(sf.query(SMALL)["records"]) == 5


def test_http406_is_an_html_page(org, sf):
    add_fault(org, kind="http406", count=1, pathContains="/describe")
    with pytest.raises(SalesforceGeneralError) as info:
        sf.Account.describe()
    assert info.value.status == 406 and "<html" in info.value.content
    assert sf.Account.describe()["name"] == "Account"


def test_concurrent_limit_clears_after_its_count(org, sf):
    add_fault(org, kind="concurrentLimit", count=2)
    for _ in range(2):
        with pytest.raises(SalesforceRefusedRequest) as info:
            sf.query(SMALL)
        assert error_code(info.value.content) == "REQUEST_LIMIT_EXCEEDED"
        assert info.value.content[0]["message"] == "ConcurrentPerOrgLongTxn Limit exceeded."
    assert len(sf.query(SMALL)["records"]) == 5


def _job(http, org, token, soql, operation="query"):
    r = http.post(org.data("jobs/query"), json={"operation": operation, "query": soql}, headers=bearer(token))
    assert r.status_code == 200, r.text
    job = r.json()
    for _ in range(10):
        job = http.get(org.data(f"jobs/query/{job['id']}"), headers=bearer(token)).json()
        if job["state"] in ("JobComplete", "Failed", "Aborted"):
            return job
    pytest.fail(f"job never ended: {job}")


def test_bulk_job_failed_over_max_records(org, http, token):
    add_fault(org, kind="bulkJobFailed", count=1, pathContains="Task", maxRecords=1000)
    assert _job(http, org, token, "SELECT Id FROM Task LIMIT 500")["state"] == "JobComplete"
    failed = _job(http, org, token, "SELECT Id FROM Task")
    assert failed["state"] == "Failed"
    assert failed["errorMessage"] == "Retried more than 15 times. Apply a filter criteria and try again."
    r = http.get(org.data(f"jobs/query/{failed['id']}/results"), headers=bearer(token))
    assert r.status_code == 400
    assert _job(http, org, token, "SELECT Id FROM Task")["state"] == "JobComplete"


def test_query_timeout_fails_bulk_jobs(org, http, token):
    add_fault(org, kind="queryTimeout", count=1, maxRecords=1000)
    failed = _job(http, org, token, "SELECT Id FROM Account")
    assert failed["state"] == "Failed" and "QUERY_TIMEOUT" in failed["errorMessage"]


@pytest.fixture
def prod_http(production):
    with production.session() as s:
        yield s


def test_wide_objects_meet_the_uri_limit(production, prod_http):
    sf = salesforce(production, password_token(production), prod_http)
    fields = [f["name"] for f in sf.Account.describe()["fields"] if f["name"].count("__") >= 2]
    assert len(fields) == 400, len(fields)
    assert 35 <= sum(map(len, fields)) / len(fields) <= 45
    with pytest.raises(SalesforceGeneralError) as info:
        sf.query(f"SELECT Id, {', '.join(fields)} FROM Account")
    assert info.value.status == 414 and "URI Too Long" in info.value.content
    # Half the fields fit: the limit is on bytes, not on the object.
    assert sf.query(f"SELECT Id, {', '.join(fields[:150])} FROM Account LIMIT 1")["totalSize"] == 1


def test_archived_activities_only_in_query_all(production, prod_http):
    sf = salesforce(production, password_token(production), prod_http)
    everything = sf.query("SELECT COUNT() FROM Task", include_deleted=True)["totalSize"]
    live = count(sf, "SELECT COUNT() FROM Task")
    archived = sf.query("SELECT COUNT() FROM Task WHERE IsArchived = true", include_deleted=True)["totalSize"]
    assert archived > 0 and live == everything - archived
    assert count(sf, "SELECT COUNT() FROM Task WHERE IsArchived = true") == 0


def test_a_cursor_answers_only_its_own_session(production, prod_http):
    first = salesforce(production, password_token(production), prod_http)
    page = first.query("SELECT Id FROM Task", headers={"Sforce-Query-Options": "batchSize=200"})
    assert not page["done"], page["totalSize"]
    second = salesforce(production, password_token(production), prod_http)
    with pytest.raises(SalesforceExpiredSession) as info:
        second.query_more(page["nextRecordsUrl"], identifier_is_url=True)
    assert error_code(info.value.content) == "INVALID_SESSION_ID"
    assert len(first.query_more(page["nextRecordsUrl"], identifier_is_url=True)["records"]) > 0


def test_rotating_refresh_tokens(production, prod_http):
    tokens = web_tokens(production, prod_http)
    r = refresh(production, prod_http, tokens["refresh_token"])
    assert r.status_code == 200, r.text
    rotated = r.json()["refresh_token"]
    assert rotated != tokens["refresh_token"]
    reuse = refresh(production, prod_http, tokens["refresh_token"])
    assert reuse.status_code == 400 and reuse.json()["error"] == "invalid_grant"
    # Reuse revoked the whole family: the newest token is gone too.
    after = refresh(production, prod_http, rotated)
    assert after.status_code == 400 and after.json()["error"] == "invalid_grant"


def test_gzip_when_asked(production, prod_http):
    token = password_token(production)
    r = prod_http.get(production.data("query"), params={"q": "SELECT Id, Name FROM Account"},
                      headers={**bearer(token), "Accept-Encoding": "gzip"})
    assert r.status_code == 200 and r.headers.get("Content-Encoding") == "gzip"
    assert r.json()["totalSize"] > 0  # requests decodes the body
    plain = prod_http.get(production.data("query"), params={"q": "SELECT Id, Name FROM Account"},
                          headers={**bearer(token), "Accept-Encoding": "identity"})
    assert "Content-Encoding" not in plain.headers and plain.json() == r.json()


def test_multi_currency_records_and_rates(production, prod_http):
    sf = salesforce(production, password_token(production), prod_http)
    # Every object with a currency field carries CurrencyIsoCode, a restricted picklist defaulting to the corporate currency
    iso = next(f for f in sf.Opportunity.describe()["fields"] if f["name"] == "CurrencyIsoCode")
    assert iso["type"] == "picklist" and iso["restrictedPicklist"]
    assert [v["value"] for v in iso["picklistValues"] if v["defaultValue"]] == ["USD"]
    used = [code for code in ["USD", "EUR", "GBP", "JPY", "CAD"] if count(sf, f"SELECT COUNT() FROM Opportunity WHERE CurrencyIsoCode = '{code}'") > 0]
    assert len(used) >= 4, used
    assert count(sf, "SELECT COUNT() FROM Opportunity WHERE CurrencyIsoCode = null") == 0
    # CurrencyType: one corporate currency at rate 1
    types = sf.query("SELECT IsoCode, ConversionRate, IsCorporate, DecimalPlaces FROM CurrencyType")["records"]
    assert [(t["IsoCode"], t["ConversionRate"]) for t in types if t["IsCorporate"]] == [("USD", 1.0)]
    assert {t["IsoCode"]: t["DecimalPlaces"] for t in types}["JPY"] == 0
    # DatedConversionRate: contiguous ranges per currency, the last one open
    rates = sf.query_all("SELECT IsoCode, StartDate, NextStartDate, ConversionRate FROM DatedConversionRate ORDER BY IsoCode, StartDate")["records"]
    for a, b in zip(rates, rates[1:]):
        if a["IsoCode"] == b["IsoCode"]:
            assert a["NextStartDate"] == b["StartDate"]
    assert sum(1 for r in rates if r["NextStartDate"] is None) == len({r["IsoCode"] for r in rates}) == 4


INTEGRATION = "integration@tributary.sandbox"


def test_restricted_user_sees_fewer_records_and_no_hidden_fields(production, prod_http):
    """The production profile's integration user: no View All Data (UserPermissionAccess says so,
    and it sees the records of some owners only), and field-level security hides fields: absent
    from its describe, INVALID_FIELD when queried, left out of a record read."""
    admin = salesforce(production, password_token(production), prod_http)
    user = salesforce(production, password_token(production, INTEGRATION), prod_http)
    assert admin.query("SELECT PermissionsViewAllData FROM UserPermissionAccess")["records"][0]["PermissionsViewAllData"] is True
    rows = user.query("SELECT PermissionsViewAllData FROM UserPermissionAccess")["records"]
    assert len(rows) == 1 and rows[0]["PermissionsViewAllData"] is False
    for soql in ("SELECT COUNT() FROM Account", "SELECT COUNT() FROM Opportunity", "SELECT COUNT() FROM Task"):
        assert 0 < count(user, soql) < count(admin, soql), soql
    # Objects without an owner are not narrowed (sharing controlled by the parent is not modelled)
    assert count(user, "SELECT COUNT() FROM User") == count(admin, "SELECT COUNT() FROM User")

    names = {f["name"] for f in user.Account.describe()["fields"]}
    assert "AnnualRevenue" not in names and "Industry" in names
    assert "AnnualRevenue" in {f["name"] for f in admin.Account.describe()["fields"]}
    with pytest.raises(SalesforceMalformedRequest) as info:
        user.query("SELECT Id, AnnualRevenue FROM Account LIMIT 1")
    assert error_code(info.value.content) == "INVALID_FIELD"
    assert "No such column 'AnnualRevenue'" in info.value.content[0]["message"]
    seen = user.query("SELECT Id FROM Account LIMIT 1")["records"][0]["Id"]
    record = user.Account.get(seen)
    assert "AnnualRevenue" not in record and "Name" in record
    # Bulk API 2.0 binds the same way
    r = prod_http.post(production.url(f"/services/data/v{VERSION}/jobs/query"), headers=bearer(password_token(production, INTEGRATION)),
                       json={"operation": "query", "query": "SELECT Id, AnnualRevenue FROM Account"})
    assert r.status_code == 400 and error_code(r.json()) == "INVALID_FIELD"


def test_field_security_changes_while_the_org_runs(production, prod_http):
    """`POST /_sandbox/field-security` hides a field from one user at once; describe's
    Last-Modified does not move for it (a client's cached describe goes stale)."""
    token = password_token(production, INTEGRATION)
    user = salesforce(production, token, prod_http)
    describe = production.url(f"/services/data/v{VERSION}/sobjects/Contact/describe")
    modified = formatdate(usegmt=True)  # now: the schema has not changed since the org started
    try:
        r = prod_http.post(production.url("/_sandbox/field-security"), json={"username": INTEGRATION, "hide": ["Contact.Title"]})
        assert r.status_code == 200 and "Contact.Title" in r.json()["hidden"]
        with pytest.raises(SalesforceMalformedRequest):
            user.query("SELECT Title FROM Contact LIMIT 1")
        again = prod_http.get(describe, headers={**bearer(token), "If-Modified-Since": modified})
        assert again.status_code == 304
        fresh = prod_http.get(describe, headers=bearer(token)).json()
        assert "Title" not in {f["name"] for f in fresh["fields"]}
        bad = prod_http.post(production.url("/_sandbox/field-security"), json={"username": INTEGRATION, "hide": ["Contact.Nope"]})
        assert bad.status_code == 400
    finally:
        prod_http.post(production.url("/_sandbox/field-security"), json={"username": INTEGRATION, "show": ["Contact.Title"]})
    assert len(user.query("SELECT Title FROM Contact LIMIT 1")["records"]) == 1
