"""Bulk API 2.0 query jobs: 100,000+ Leads through simple-salesforce, then the raw job lifecycle."""
import csv
import io
import math
import re
import time

import pytest

from conftest import VERSION, bearer, count, error_code, limit_info

DATETIME_Z = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$")
HEADER = '"Id","Name","LeadSource","CreatedDate","SystemModstamp"'


def test_bulk2_query_of_every_lead(sf):
    expected = count(sf, "SELECT COUNT() FROM Lead")
    assert expected >= 100_000, expected
    pages = list(sf.bulk2.Lead.query("SELECT Id, Name, LeadSource, CreatedDate, SystemModstamp FROM Lead",
                                     max_records=50_000, wait=0.05))
    assert len(pages) == math.ceil(expected / 50_000), len(pages)
    ids: list[str] = []
    for page in pages:
        assert page.split("\n", 1)[0] == HEADER, page[:200]
        rows = list(csv.reader(io.StringIO(page)))
        assert rows[0] == ["Id", "Name", "LeadSource", "CreatedDate", "SystemModstamp"]
        assert len(rows) - 1 <= 50_000
        for row in rows[1:]:
            assert len(row) == 5, row
            lead_id, name, _source, created, stamp = row
            assert lead_id.startswith("00Q") and len(lead_id) == 18, row
            assert name, row
            assert DATETIME_Z.match(created) and DATETIME_Z.match(stamp), row
            assert stamp >= created, row
            ids.append(lead_id)
        first_data = page.split("\n", 2)[1]
        assert first_data.startswith('"00Q') and first_data.endswith('"'), first_data
    assert len(ids) == expected
    assert len(set(ids)) == len(ids)


def _job(http, org, token, id_, version=VERSION):
    return http.get(org.data(f"jobs/query/{id_}", version), headers=bearer(token))


def test_bulk2_job_lifecycle(org, http, token, sf):
    expected = count(sf, "SELECT COUNT() FROM Invoice__c")
    assert expected > 2 * 3000, expected
    r = http.post(org.data("jobs/query"), headers=bearer(token), json={
        "operation": "query", "query": "SELECT Id, Name, Amount__c FROM Invoice__c",
        "contentType": "CSV", "columnDelimiter": "COMMA", "lineEnding": "LF",
    })
    assert r.status_code == 200, r.text
    limit_info(r)
    job = r.json()
    job_id = job["id"]
    assert job_id.startswith("750") and len(job_id) == 18
    assert job["state"] == "UploadComplete" and job["object"] == "Invoice__c" and job["operation"] == "query"
    assert job["apiVersion"] == float(VERSION) and job["contentType"] == "CSV"

    states = []
    for _ in range(50):
        r = _job(http, org, token, job_id)
        assert r.status_code == 200, r.text
        states.append(r.json()["state"])
        if states[-1] == "JobComplete":
            break
        time.sleep(0.05)
    assert states[-1] == "JobComplete", states
    assert "InProgress" in states, states
    info = r.json()
    assert info["jobType"] == "V2Query" and info["numberRecordsProcessed"] == expected

    # 409 when the results are asked for with another API version than the job's.
    r = http.get(org.data(f"jobs/query/{job_id}/results", "61.0"), headers=bearer(token))
    assert r.status_code == 409, r.text

    ids, locators, locator = [], [], None
    while True:
        params = {"maxRecords": 3000}
        if locator:
            params["locator"] = locator
        r = http.get(org.data(f"jobs/query/{job_id}/results"), params=params, headers=dict(bearer(token), Accept="text/csv"))
        assert r.status_code == 200, r.text
        assert r.headers["Content-Type"].startswith("text/csv")
        rows = list(csv.reader(io.StringIO(r.text)))
        assert rows[0] == ["Id", "Name", "Amount__c"]
        assert int(r.headers["Sforce-NumberOfRecords"]) == len(rows) - 1 <= 3000
        ids += [row[0] for row in rows[1:]]
        locator = r.headers["Sforce-Locator"]
        locators.append(locator)
        if locator == "null":
            break
        assert len(rows) - 1 == 3000
        assert len(locators) < 10
    assert locators[-1] == "null" and len(locators) == math.ceil(expected / 3000)
    assert len(ids) == expected and len(set(ids)) == expected

    r = http.get(org.data("jobs/query"), headers=bearer(token))
    assert r.status_code == 200, r.text
    assert job_id in [j["id"] for j in r.json()["records"]]

    r = http.patch(org.data(f"jobs/query/{job_id}"), json={"state": "Aborted"}, headers=bearer(token))
    assert r.status_code == 400, r.text
    assert error_code(r.json()) == "INVALIDJOBSTATE"

    r = http.delete(org.data(f"jobs/query/{job_id}"), headers=bearer(token))
    assert r.status_code == 204, r.text
    r = _job(http, org, token, job_id)
    assert r.status_code == 404 and error_code(r.json()) == "NOT_FOUND", r.text


def test_bulk2_job_can_be_aborted_before_it_completes(org, http, token):
    r = http.post(org.data("jobs/query"), json={"operation": "queryAll", "query": "SELECT Id FROM Lead"}, headers=bearer(token))
    assert r.status_code == 200, r.text
    job_id = r.json()["id"]
    r = http.patch(org.data(f"jobs/query/{job_id}"), json={"state": "Aborted"}, headers=bearer(token))
    assert r.status_code == 200 and r.json()["state"] == "Aborted", r.text
    r = _job(http, org, token, job_id)
    assert r.json()["state"] == "Aborted"
    r = http.get(org.data(f"jobs/query/{job_id}/results"), headers=bearer(token))
    assert r.status_code == 400, r.text
    assert http.delete(org.data(f"jobs/query/{job_id}"), headers=bearer(token)).status_code == 204


@pytest.mark.parametrize("body, code", [
    ({"operation": "query", "query": "SELECT Id, BillingAddress FROM Account"}, None),
    ({"operation": "query", "query": "SELECT Id FROM CaseStatus"}, "INVALIDENTITY"),
    ({"operation": "upsert", "query": "SELECT Id FROM Lead"}, None),
])
def test_bulk2_create_errors(org, http, token, body, code):
    r = http.post(org.data("jobs/query"), json=body, headers=bearer(token))
    assert r.status_code == 400, r.text
    if code:
        assert error_code(r.json()) == code
    else:
        error_code(r.json())
