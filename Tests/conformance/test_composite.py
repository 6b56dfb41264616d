"""Composite (`POST /composite`) and `If-Modified-Since` on describes, through simple-salesforce
and plain requests: limits, shapes, error bodies, accounting, 304."""
import secrets
import time
from email.utils import formatdate

from conftest import VERSION, bearer, control, error_code, limit_info


def sub(ref: str, path: str, method: str = "GET", body=None, headers=None) -> dict:
    entry = {"method": method, "url": f"/services/data/v{VERSION}/{path}", "referenceId": ref}
    if body is not None:
        entry["body"] = body
    if headers is not None:
        entry["httpHeaders"] = headers
    return entry


def http_date(seconds: float) -> str:
    return formatdate(seconds, usegmt=True)


def used(org, http, token) -> int:
    r = http.get(org.data("limits"), headers=bearer(token))
    assert r.status_code == 200, r.text
    return limit_info(r)[0]


def test_composite_answers_each_subrequest_in_one_call(org, sf, http, token):
    subs = [
        sub("describeLead", "sobjects/Lead/describe"),
        sub("leads", "query?q=SELECT+Id,+LastName+FROM+Lead+ORDER+BY+Id+LIMIT+2"),
        sub("first", "sobjects/Lead/@{leads.records[0].Id}?fields=Id,LastName"),
        sub("global", "sobjects"),
    ]
    result = sf.restful("composite", method="POST", json={"allOrNone": False, "compositeRequest": subs})
    answers = result["compositeResponse"]
    assert [a["referenceId"] for a in answers] == ["describeLead", "leads", "first", "global"]
    assert all(a["httpStatusCode"] == 200 and isinstance(a["httpHeaders"], dict) for a in answers)
    assert answers[0]["body"]["name"] == "Lead"
    assert answers[2]["body"]["Id"] == answers[1]["body"]["records"][0]["Id"]

    # One composite is one API call, in Sforce-Limit-Info and in /limits' DailyApiRequests
    before = used(org, http, token)
    r = http.post(org.data("composite"), json={"compositeRequest": subs}, headers=bearer(token))
    assert r.status_code == 200, r.text
    assert limit_info(r)[0] == before + 1
    limits = http.get(org.data("limits"), headers=bearer(token))
    assert limit_info(limits)[0] == before + 2
    daily = limits.json()["DailyApiRequests"]
    assert daily["Max"] - daily["Remaining"] == before + 2


def test_composite_limits_refuse_the_whole_request(org, http, token):
    too_many = [sub(f"d{i}", "sobjects/Lead/describe") for i in range(26)]
    r = http.post(org.data("composite"), json={"compositeRequest": too_many}, headers=bearer(token))
    assert r.status_code == 400, r.text
    [entry] = r.json()["compositeResponse"]
    assert entry["referenceId"] is None and entry["httpStatusCode"] == 400
    assert entry["body"] == [{"message": "The request can’t contain more than 25 operations.", "errorCode": "LIMIT_EXCEEDED"}]

    queries = [sub(f"q{i}", "query?q=SELECT+Id+FROM+Lead+LIMIT+1") for i in range(5)]
    r = http.post(org.data("composite"), json={"compositeRequest": queries + [sub("all", "queryAll?q=SELECT+Id+FROM+Lead+LIMIT+1")]},
                  headers=bearer(token))
    assert r.status_code == 400, r.text
    assert r.json()["compositeResponse"][0]["body"][0]["errorCode"] == "LIMIT_EXCEEDED"

    r = http.post(org.data("composite"), json={"compositeRequest": queries + too_many[:20]}, headers=bearer(token))
    assert r.status_code == 200 and len(r.json()["compositeResponse"]) == 25

    r = http.post(org.data("composite"), json={"compositeRequest": [{"method": "GET", "url": f"/services/data/v{VERSION}/sobjects"}]},
                  headers=bearer(token))
    assert r.status_code == 400 and r.json() == [{"message": "'referenceId' is a required field.", "errorCode": "JSON_PARSER_ERROR"}]


def test_without_all_or_none_each_subrequest_fails_alone(sf):
    subs = [
        sub("missing", "sobjects/NoSuchThing__c/describe"),
        sub("lead", "sobjects/Lead/describe"),
        sub("dependent", "sobjects/Lead/@{missing.name}"),
    ]
    answers = sf.restful("composite", method="POST", json={"allOrNone": False, "compositeRequest": subs})["compositeResponse"]
    assert [a["httpStatusCode"] for a in answers] == [404, 200, 400]
    assert error_code(answers[0]["body"]) == "NOT_FOUND"
    assert answers[2]["body"] == [{"message": "Invalid reference specified. No value for missing.name found in missing",
                                   "errorCode": "PROCESSING_HALTED"}]


def test_all_or_none_rolls_back(sf):
    marker = "Composite " + secrets.token_hex(4)
    subs = [
        sub("lead", "sobjects/Lead", method="POST", body={"LastName": marker, "Company": "Composite Co"}),
        sub("missing", "sobjects/NoSuchThing__c/describe"),
    ]
    answers = sf.restful("composite", method="POST", json={"allOrNone": True, "compositeRequest": subs})["compositeResponse"]
    assert [a["httpStatusCode"] for a in answers] == [400, 404]
    assert answers[0]["body"] == [{"message": "The transaction was rolled back since another operation in the same transaction failed.",
                                   "errorCode": "PROCESSING_HALTED"}]
    assert sf.query(f"SELECT COUNT() FROM Lead WHERE LastName = '{marker}'")["totalSize"] == 0


def test_describes_answer_304_until_the_schema_changes(org, http, token):
    def get(path: str, since: float):
        return http.get(org.data(path), headers={**bearer(token), "If-Modified-Since": http_date(since)})

    now = time.time()
    r = get("sobjects/Invoice__c/describe", now + 60)
    assert r.status_code == 304 and r.content == b""
    assert get("sobjects", now + 60).status_code == 304
    assert get("sobjects/Invoice__c/describe", 946684800).status_code == 200

    # A field added after `since` changes the object and describeGlobal
    since = time.time()
    time.sleep(1.1)
    control(org, "POST", "fields", {"object": "Invoice__c", "name": f"Conformance_{secrets.token_hex(3)}__c", "type": "string"})
    assert get("sobjects/Invoice__c/describe", since).status_code == 200
    assert get("sobjects", since).status_code == 200
    assert get("sobjects/Campaign/describe", since).status_code == 304

    # In a composite, through the subrequest's httpHeaders
    subs = [sub("campaign", "sobjects/Campaign/describe", headers={"If-Modified-Since": http_date(since)}),
            sub("invoice", "sobjects/Invoice__c/describe", headers={"If-Modified-Since": http_date(since)})]
    r = http.post(org.data("composite"), json={"compositeRequest": subs}, headers=bearer(token))
    answers = r.json()["compositeResponse"]
    assert [a["httpStatusCode"] for a in answers] == [304, 200]
    assert answers[0]["body"] is None
