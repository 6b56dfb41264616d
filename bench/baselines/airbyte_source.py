#!/usr/bin/env python3
"""Run airbyte-source-salesforce against a Tributary sandbox org.

The connector builds its token URL as https://{login|test}.salesforce.com/services/oauth2/token
(Salesforce._perform_login). The only change here: requests the connector's Salesforce client sends to
those two login hosts go to SANDBOX_LOGIN_URL instead. Everything after the token call uses the
instance_url the token response returns, exactly as against Salesforce. TLS is verified against the
sandbox's self-signed certificate through REQUESTS_CA_BUNDLE (set by airbyte.sh).

usage: SANDBOX_LOGIN_URL=https://127.0.0.1:PORT airbyte_source.py read --config c.json --catalog cat.json [--state s.json]
"""
import os
import sys
import urllib.parse

from source_salesforce import api
from source_salesforce.run import run

SANDBOX = os.environ["SANDBOX_LOGIN_URL"].rstrip("/")
if urllib.parse.urlparse(SANDBOX).hostname not in ("127.0.0.1", "localhost", "::1"):
    sys.exit("SANDBOX_LOGIN_URL must be on loopback")
LOGIN_HOSTS = ("https://login.salesforce.com/", "https://test.salesforce.com/")
_make_request = api.Salesforce._make_request


def _make_request_to_sandbox(self, http_method, url, headers=None, body=None):
    if url.startswith(LOGIN_HOSTS):
        url = SANDBOX + "/" + url.split("/", 3)[3]
    return _make_request(self, http_method, url, headers=headers, body=body)


api.Salesforce._make_request = _make_request_to_sandbox

# Count the HTTP requests the connector sends, by kind, to show which APIs it really used.
REQUEST_LOG = os.environ.get("AIRBYTE_REQUEST_COUNTS")
if REQUEST_LOG:
    import atexit, collections, json, re, threading
    import requests

    counts, lock = collections.Counter(), threading.Lock()
    _send = requests.Session.send

    def _kind(method, url):
        path = urllib.parse.urlparse(url).path
        path = re.sub(r"/v\d+\.\d+/", "/vXX.X/", path)
        path = re.sub(r"/jobs/query/[^/]+", "/jobs/query/{id}", path)
        path = re.sub(r"(?<!jobs)/(query|queryAll)/[^/]+$", r"/\1/{locator}", path)
        path = re.sub(r"/sobjects/[^/]+/describe$", "/sobjects/{name}/describe", path)
        return f"{method} {path}"

    def _counting_send(self, request, **kwargs):
        response = _send(self, request, **kwargs)
        with lock:
            counts[f"{_kind(request.method, request.url)} -> {response.status_code}"] += 1
        return response

    requests.Session.send = _counting_send
    atexit.register(lambda: json.dump(dict(sorted(counts.items())), open(REQUEST_LOG, "w"), indent=1))

if __name__ == "__main__":
    run()
