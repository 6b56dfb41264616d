"""SOQL over REST: paging, batchSize, Sforce-Limit-Info, errors, filters checked against Python."""
import re

import pytest
from simple_salesforce.exceptions import SalesforceMalformedRequest

from conftest import VERSION, bearer, count, error_code, limit_info, parse_sf_datetime, soql_datetime

LOCATOR = re.compile(rf"^/services/data/v{re.escape(VERSION)}/query/(01g[0-9A-Za-z]{{15}})-(\d+)$")


def test_query_all_pages_through_every_account(sf):
    total = count(sf, "SELECT COUNT() FROM Account")
    assert total > 4000, total  # several 2000-record pages
    result = sf.query_all("SELECT Id, Name, Owner.Name FROM Account")
    records = result["records"]
    assert len(records) == result["totalSize"] == total
    ids = [r["Id"] for r in records]
    assert len(set(ids)) == len(ids)
    for r in records:
        assert r["Id"].startswith("001") and len(r["Id"]) == 18
        assert r["attributes"] == {"type": "Account", "url": f"/services/data/v{VERSION}/sobjects/Account/{r['Id']}"}
        assert isinstance(r["Name"], str) and r["Name"]
        owner = r["Owner"]
        assert owner["attributes"]["type"] == "User" and owner["attributes"]["url"].startswith(
            f"/services/data/v{VERSION}/sobjects/User/005")
        assert isinstance(owner["Name"], str) and owner["Name"]
        assert list(r) == ["attributes", "Id", "Name", "Owner"]


def test_batch_size_pages_and_limit_info(org, http, token):
    headers = dict(bearer(token), **{"Sforce-Query-Options": "batchSize=500"})
    r = http.get(org.data("query"), params={"q": "SELECT Id FROM Account"}, headers=headers)
    assert r.status_code == 200, r.text
    assert r.headers["Content-Type"].startswith("application/json")
    used, maximum = limit_info(r)
    page = r.json()
    assert page["done"] is False and len(page["records"]) == 500
    m = LOCATOR.match(page["nextRecordsUrl"])
    assert m and m.group(2) == "500", page["nextRecordsUrl"]
    seen = [x["Id"] for x in page["records"]]

    r = http.get(org.url(page["nextRecordsUrl"]), headers=bearer(token))
    assert r.status_code == 200, r.text
    used2, maximum2 = limit_info(r)
    assert maximum2 == maximum and used2 > used
    page2 = r.json()
    assert page2["totalSize"] == page["totalSize"] and len(page2["records"]) == 500
    m2 = LOCATOR.match(page2["nextRecordsUrl"])
    assert m2 and m2.group(1) == m.group(1) and m2.group(2) == "1000", page2["nextRecordsUrl"]
    seen += [x["Id"] for x in page2["records"]]
    assert len(set(seen)) == 1000

    # The last page: done, and no nextRecordsUrl key at all.
    r = http.get(org.data("query"), params={"q": "SELECT Id FROM Account LIMIT 700"}, headers=headers)
    first = r.json()
    assert len(first["records"]) == 500 and first["totalSize"] == 700
    r = http.get(org.url(first["nextRecordsUrl"]), headers=bearer(token))
    last = r.json()
    assert last["done"] is True and "nextRecordsUrl" not in last and len(last["records"]) == 200
    limit_info(r)

    for path in ("sobjects/", "sobjects/Account/describe", "limits", "query?q=SELECT+COUNT()+FROM+Lead", "no/such/thing"):
        limit_info(http.get(org.data(path), headers=bearer(token)))


def test_invalid_query_locator(org, http, token):
    r = http.get(org.data("query/01g000000000000AAA-2000"), headers=bearer(token))
    assert r.status_code == 400 and error_code(r.json()) == "INVALID_QUERY_LOCATOR", r.text


def test_unknown_field_is_invalid_field(sf):
    with pytest.raises(SalesforceMalformedRequest) as info:
        sf.query("SELECT Foo FROM Account")
    assert info.value.status == 400
    assert error_code(info.value.content) == "INVALID_FIELD"
    message = info.value.content[0]["message"]
    assert "ERROR at Row:1:Column:8" in message, message
    assert "No such column 'Foo' on entity 'Account'" in message, message


def test_unknown_object_is_invalid_type(sf):
    with pytest.raises(SalesforceMalformedRequest) as info:
        sf.query("SELECT Id FROM Xyzzy")
    assert error_code(info.value.content) == "INVALID_TYPE"
    message = info.value.content[0]["message"]
    assert "ERROR at Row:1:Column:" in message and "sObject type 'Xyzzy' is not supported" in message, message


@pytest.mark.parametrize("soql", ["SELECT Id FROM Account WHERE", "SELECT Id, FROM Account", "SELECT Id FROM Account LIMIT x"])
def test_syntax_error_is_malformed_query(sf, soql):
    with pytest.raises(SalesforceMalformedRequest) as info:
        sf.query(soql)
    assert error_code(info.value.content) == "MALFORMED_QUERY", info.value.content


@pytest.fixture(scope="module")
def invoices(org):
    from conftest import password_token, salesforce
    with org.session() as s:
        sf = salesforce(org, password_token(org), s)
        rows = sf.query_all("SELECT Id, Name, Status__c, Due_Date__c, Amount__c, CreatedDate FROM Invoice__c")["records"]
    assert len(rows) > 1000
    return rows


def _like(pattern: str):
    regex = "".join(".*" if c == "%" else "." if c == "_" else re.escape(c) for c in pattern)
    return re.compile(rf"^{regex}$", re.IGNORECASE | re.DOTALL)


def _ids(sf, soql):
    return [r["Id"] for r in sf.query_all(soql)["records"]]


def test_date_literal_filter(sf, invoices):
    dues = sorted(r["Due_Date__c"] for r in invoices if r["Due_Date__c"])
    day = dues[len(dues) // 2]
    expected = {r["Id"] for r in invoices if r["Due_Date__c"] and r["Due_Date__c"] >= day}
    got = _ids(sf, f"SELECT Id FROM Invoice__c WHERE Due_Date__c >= {day}")
    assert len(got) == len(set(got)) and set(got) == expected and 0 < len(expected) < len(invoices)


def test_datetime_literal_filter(sf, invoices):
    stamps = sorted(parse_sf_datetime(r["CreatedDate"]) for r in invoices)
    moment = stamps[len(stamps) // 3].replace(microsecond=0)
    expected = {r["Id"] for r in invoices if parse_sf_datetime(r["CreatedDate"]) < moment}
    got = _ids(sf, f"SELECT Id FROM Invoice__c WHERE CreatedDate < {soql_datetime(moment)}")
    assert set(got) == expected and 0 < len(expected) < len(invoices)


def test_like_filter(sf, invoices):
    pattern = "inv-%12%"
    expected = {r["Id"] for r in invoices if _like(pattern).match(r["Name"])}
    got = _ids(sf, f"SELECT Id FROM Invoice__c WHERE Name LIKE '{pattern}'")
    assert set(got) == expected and expected


def test_in_filter(sf, invoices):
    expected = {r["Id"] for r in invoices if r["Status__c"] in ("Paid", "Overdue")}
    got = _ids(sf, "SELECT Id FROM Invoice__c WHERE Status__c IN ('Paid', 'Overdue')")
    assert set(got) == expected and 0 < len(expected) < len(invoices)
    not_in = _ids(sf, "SELECT Id FROM Invoice__c WHERE Status__c NOT IN ('Paid', 'Overdue')")
    assert set(not_in) == {r["Id"] for r in invoices if r["Status__c"] not in ("Paid", "Overdue")}


def test_order_by_and_limit(sf, invoices):
    rows = [r for r in invoices if r["Amount__c"] is not None]
    expected = [r["Id"] for r in sorted(rows, key=lambda r: (-r["Amount__c"], r["Name"]))][:37]
    got = sf.query("SELECT Id, Amount__c FROM Invoice__c WHERE Amount__c != null ORDER BY Amount__c DESC, Name ASC LIMIT 37")
    assert got["totalSize"] == 37 and [r["Id"] for r in got["records"]] == expected


def test_combined_where_order_by(sf, invoices):
    dues = sorted(r["Due_Date__c"] for r in invoices if r["Due_Date__c"])
    day = dues[len(dues) // 4]
    rows = [r for r in invoices if r["Due_Date__c"] and r["Due_Date__c"] < day and r["Status__c"] in ("Sent", "Paid")
            and not _like("%5").match(r["Name"])]
    expected = [r["Id"] for r in sorted(rows, key=lambda r: (r["Due_Date__c"], r["Name"]))]
    got = _ids(sf, f"SELECT Id FROM Invoice__c WHERE Due_Date__c < {day} AND Status__c IN ('Sent','Paid') "
                   f"AND (NOT Name LIKE '%5') ORDER BY Due_Date__c ASC, Name ASC")
    assert got == expected and expected
