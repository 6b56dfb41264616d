"""Starts `tributary serve --demo` (the web app with a sandbox org) for the browser tests."""
import os
import re
import shutil
import socket
import subprocess
import tempfile
import threading
import time

import pytest
from selenium import webdriver
from selenium.webdriver.chrome.options import Options
from selenium.webdriver.chrome.service import Service

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
BINARY = os.path.join(ROOT, ".build", "debug", "tributary")
SCREENSHOTS = os.path.join(ROOT, "Tests", "browser", "screenshots")


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def app():
    data = tempfile.mkdtemp(prefix="tributary-browser-")
    port = free_port()
    process = subprocess.Popen(
        [BINARY, "serve", "--demo", "--no-probe-wait", "--port", str(port), "--sandbox-port", "0", "--data-dir", data],
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    banner = ""
    deadline = time.time() + 60
    while "Tributary is running at" not in banner:
        line = process.stdout.readline()
        if not line and process.poll() is not None:
            raise RuntimeError("tributary serve exited:\n" + banner)
        banner += line
        if time.time() > deadline:
            raise RuntimeError("tributary serve did not start:\n" + banner)
    sandbox = re.search(r"Login URL:\s+(\S+)", banner).group(1)
    # Keep reading the server's log: a full pipe would block the server.
    threading.Thread(target=lambda: [None for _ in process.stdout], daemon=True).start()
    yield {"url": f"http://127.0.0.1:{port}", "sandbox": sandbox, "data": data}
    process.terminate()
    try:
        process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        process.kill()
    shutil.rmtree(data, ignore_errors=True)


@pytest.fixture(scope="module")
def browser():
    options = Options()
    for argument in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--window-size=1280,900"):
        options.add_argument(argument)
    binary = shutil.which("chromium") or shutil.which("chromium-browser")
    if binary:
        options.binary_location = binary
    driver_path = shutil.which("chromedriver") or "/usr/bin/chromedriver"
    driver = webdriver.Chrome(service=Service(driver_path), options=options)
    driver.implicitly_wait(2)
    os.makedirs(SCREENSHOTS, exist_ok=True)
    yield driver
    driver.quit()
