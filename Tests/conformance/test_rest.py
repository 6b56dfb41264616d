"""REST through simple-salesforce: describe, record CRUD, replication resources, bad input."""
import secrets
from datetime import datetime, timedelta, timezone

import pytest
from simple_salesforce.exceptions import SalesforceMalformedRequest, SalesforceResourceNotFound

from conftest import VERSION, bearer, error_code, limit_info, parse_sf_datetime


def test_describe_global_lists_the_org_objects(sf):
    result = sf.describe()
    assert result["encoding"] == "UTF-8" and result["maxBatchSize"] == 200
    objects = {o["name"]: o for o in result["sobjects"]}
    assert {"Account", "Contact", "Lead", "Opportunity", "Invoice__c", "User", "Case", "Task"} <= set(objects)
    assert objects["Account"]["keyPrefix"] == "001" and objects["Account"]["custom"] is False
    assert objects["Lead"]["keyPrefix"] == "00Q" and objects["Lead"]["queryable"] is True
    assert objects["Invoice__c"]["custom"] is True
    assert objects["Account"]["urls"]["describe"] == f"/services/data/v{VERSION}/sobjects/Account/describe"


def test_describe_account_has_the_billing_address_compound(sf):
    describe = sf.Account.describe()
    assert describe["name"] == "Account" and describe["keyPrefix"] == "001"
    fields = {f["name"]: f for f in describe["fields"]}
    assert fields["Id"]["type"] == "id" and fields["Id"]["nillable"] is False
    address = fields["BillingAddress"]
    assert address["type"] == "address" and address["soapType"] == "urn:address"
    assert address["createable"] is False and address["updateable"] is False
    components = {n for n, f in fields.items() if f["compoundFieldName"] == "BillingAddress"}
    assert components == {"BillingStreet", "BillingCity", "BillingState", "BillingPostalCode", "BillingCountry",
                          "BillingLatitude", "BillingLongitude", "BillingGeocodeAccuracy"}
    assert fields["BillingStreet"]["type"] == "textarea"
    assert fields["BillingLatitude"]["type"] == "double"
    assert fields["SystemModstamp"]["type"] == "datetime"
    assert fields["OwnerId"]["referenceTo"] == ["User"] and fields["OwnerId"]["relationshipName"] == "Owner"


def test_describe_unknown_object_is_not_found(sf):
    with pytest.raises(SalesforceResourceNotFound) as info:
        sf.NoSuchThing__c.describe()
    assert info.value.status == 404
    assert error_code(info.value.content) == "NOT_FOUND"


def test_lead_create_read_update_delete(sf):
    marker = "Conformance " + secrets.token_hex(4)
    created = sf.Lead.create({"FirstName": "Ada", "LastName": marker, "Company": "Analytical Engines", "LeadSource": "Web"})
    assert created["success"] is True and created["errors"] == []
    lead_id = created["id"]
    assert lead_id.startswith("00Q") and len(lead_id) == 18

    record = sf.Lead.get(lead_id)
    assert record["Id"] == lead_id and record["LastName"] == marker and record["Company"] == "Analytical Engines"
    assert record["Name"] == f"Ada {marker}"
    assert record["attributes"] == {"type": "Lead", "url": f"/services/data/v{VERSION}/sobjects/Lead/{lead_id}"}
    assert record["IsDeleted"] is False and record["Status"] == "Open - Not Contacted"
    parse_sf_datetime(record["CreatedDate"])

    assert sf.Lead.update(lead_id, {"Title": "Countess", "NumberOfEmployees": 12}) == 204
    rows = sf.query(f"SELECT Id, Title, NumberOfEmployees FROM Lead WHERE Id = '{lead_id}'")["records"]
    assert [(r["Id"], r["Title"], r["NumberOfEmployees"]) for r in rows] == [(lead_id, "Countess", 12)]

    assert sf.Lead.delete(lead_id) == 204
    with pytest.raises(SalesforceResourceNotFound) as info:
        sf.Lead.get(lead_id)
    assert info.value.status == 404
    assert error_code(info.value.content) in ("ENTITY_IS_DELETED", "NOT_FOUND")
    assert sf.query(f"SELECT Id FROM Lead WHERE Id = '{lead_id}'")["totalSize"] == 0
    rows = sf.query_all(f"SELECT Id, IsDeleted, LastName FROM Lead WHERE LastName = '{marker}'", include_deleted=True)["records"]
    assert [(r["Id"], r["IsDeleted"]) for r in rows] == [(lead_id, True)]


def test_updated_and_deleted_list_changed_leads(sf, replication_probe):
    replication_probe.wait_until_covered()
    start = replication_probe.started - timedelta(minutes=2)
    end = datetime.now(timezone.utc) + timedelta(minutes=1)
    deleted = sf.Lead.deleted(start, end)
    ids = [d["id"] for d in deleted["deletedRecords"]]
    assert replication_probe.deleted_id in ids, deleted
    entry = next(d for d in deleted["deletedRecords"] if d["id"] == replication_probe.deleted_id)
    when = parse_sf_datetime(entry["deletedDate"])
    assert replication_probe.started - timedelta(seconds=1) <= when <= replication_probe.finished + timedelta(seconds=1)
    covered = parse_sf_datetime(deleted["latestDateCovered"])
    assert covered.second == 0 and covered.microsecond == 0 and covered > when
    parse_sf_datetime(deleted["earliestDateAvailable"])

    updated = sf.Lead.updated(start, end)
    assert replication_probe.updated_id in updated["ids"], updated
    assert replication_probe.deleted_id not in updated["ids"]
    parse_sf_datetime(updated["latestDateCovered"])


def test_invalid_replication_window(sf):
    now = datetime.now(timezone.utc)
    with pytest.raises(SalesforceMalformedRequest) as info:
        sf.Lead.deleted(now - timedelta(days=40), now)
    assert error_code(info.value.content) == "INVALID_REPLICATION_DATE"


def test_unknown_field_is_invalid_field(sf):
    with pytest.raises(SalesforceMalformedRequest) as info:
        sf.Lead.create({"LastName": "X", "Company": "Y", "Shoe_Size__c": 44})
    assert info.value.status == 400
    assert error_code(info.value.content) == "INVALID_FIELD"
    assert "Shoe_Size__c" in info.value.content[0]["message"]


def test_missing_required_fields(sf):
    with pytest.raises(SalesforceMalformedRequest) as info:
        sf.Lead.create({"FirstName": "Nobody"})
    assert error_code(info.value.content) == "REQUIRED_FIELD_MISSING"
    assert {"LastName", "Company"} <= set(info.value.content[0].get("fields", [])), info.value.content


def test_malformed_json_body(org, http, token):
    r = http.post(org.data("sobjects/Lead"), data='{"LastName": "Broken", "Company": ',
                  headers=dict(bearer(token), **{"Content-Type": "application/json"}))
    assert r.status_code == 400, r.text
    assert error_code(r.json()) == "JSON_PARSER_ERROR"
    limit_info(r)


def test_unknown_route_is_not_found_array(org, http, token):
    r = http.get(org.data("no/such/resource"), headers=bearer(token))
    assert r.status_code == 404, r.text
    assert r.json() == [{"message": "The requested resource does not exist", "errorCode": "NOT_FOUND"}]
    r = http.get(org.data("sobjects/Lead/00Q000000000000AAA"), headers=bearer(token))
    assert r.status_code == 404 and error_code(r.json()) == "NOT_FOUND", r.text


def test_wrong_method_is_405(org, http, token):
    r = http.delete(org.data("sobjects/"), headers=bearer(token))
    assert r.status_code == 405, r.text
    assert error_code(r.json()) == "METHOD_NOT_ALLOWED"
    r = http.put(org.data("query"), params={"q": "SELECT Id FROM Lead"}, headers=bearer(token))
    assert r.status_code == 405, r.text


def test_versions_and_limits(org, http, token):
    r = http.get(org.url("/services/data/"))
    assert r.status_code == 200, r.text
    versions = {v["version"]: v["url"] for v in r.json()}
    assert versions[VERSION] == f"/services/data/v{VERSION}" and "31.0" in versions
    r = http.get(org.data("limits"), headers=bearer(token))
    assert r.status_code == 200, r.text
    daily = r.json()["DailyApiRequests"]
    used, maximum = limit_info(r)
    assert daily["Max"] == maximum and 0 <= daily["Remaining"] <= maximum - used + 1
    r = http.get(org.data("sobjects/"), headers={"Authorization": "Bearer 00Dbogus!token"})
    assert r.status_code == 401 and error_code(r.json()) == "INVALID_SESSION_ID", r.text
