"""The admin's way through the web app in a real browser: create the first admin, Add a Data
Source, Connect to Salesforce at the sandbox org's sign-in page, see the tables arrive,
Reauthenticate after Salesforce revokes the token, and check that a Standard user cannot add or
change a connection. Saves a screenshot of each page under Tests/browser/screenshots/."""
import os
import time
import urllib.request

from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select, WebDriverWait

from conftest import SCREENSHOTS

ADMIN = ("admin@example.com", "correct horse battery")
STANDARD = ("analyst@example.com", "another long password")


def shot(browser, name):
    browser.save_screenshot(os.path.join(SCREENSHOTS, name + ".png"))


def wait_for_text(browser, text, timeout=60, refresh=True):
    deadline = time.time() + timeout
    while time.time() < deadline:
        if text in browser.find_element(By.TAG_NAME, "body").text:
            return
        time.sleep(0.5)
        if refresh:
            browser.refresh()
    raise AssertionError(f"'{text}' never appeared:\n{browser.find_element(By.TAG_NAME, 'body').text[:2000]}")


def sign_in_at_salesforce(browser, user, password):
    """The sandbox org's sign-in page, then Allow on first use."""
    assert "Log In" in browser.page_source
    browser.find_element(By.NAME, "username").send_keys(user)
    browser.find_element(By.NAME, "password").send_keys(password)
    shot(browser, "04-salesforce-sign-in")
    browser.find_element(By.ID, "Login").click()
    if "Allow Access?" in browser.page_source:
        shot(browser, "05-salesforce-allow")
        browser.find_element(By.ID, "oaapprove").click()


def post_control(app, path):
    request = urllib.request.Request(app["sandbox"] + path, data=b"{}", method="POST", headers={"Content-Type": "application/json"})
    urllib.request.urlopen(request, timeout=10).read()


def test_admin_connects_salesforce_and_reauthenticates(app, browser):
    browser.get(app["url"] + "/")
    assert "Create the first admin" in browser.page_source
    browser.find_element(By.ID, "email").send_keys(ADMIN[0])
    browser.find_element(By.ID, "password").send_keys(ADMIN[1])
    browser.find_element(By.ID, "confirm").send_keys(ADMIN[1])
    shot(browser, "00-setup")
    browser.find_element(By.ID, "create-admin").click()

    assert "Connections" in browser.title
    shot(browser, "01-connections-empty")
    browser.find_element(By.ID, "add-data-source").click()
    shot(browser, "02-add-data-source")
    browser.find_element(By.ID, "tile-salesforce").click()
    assert "Connect to Salesforce" in browser.page_source
    name = browser.find_element(By.ID, "name")
    name.clear()
    name.send_keys("Sandbox org")
    Select(browser.find_element(By.ID, "environment")).select_by_value("local")
    shot(browser, "03-connect-to-salesforce")
    browser.find_element(By.ID, "connect-salesforce").click()

    sign_in_at_salesforce(browser, "admin@tributary.sandbox", "sandbox-admin-1")
    WebDriverWait(browser, 30).until(lambda b: "/connections" in b.current_url)
    wait_for_text(browser, "Connected")
    wait_for_text(browser, "sf_opportunity")
    shot(browser, "06-connected-with-tables")
    row = browser.find_element(By.CSS_SELECTOR, "tr.connection")
    assert "Sandbox org" in row.text

    # Salesforce revokes the refresh token; the next cycle asks for reauthentication.
    post_control(app, "/_sandbox/refresh-tokens/revoke")
    post_control(app, "/_sandbox/sessions/expire")
    browser.find_element(By.XPATH, "//button[text()='Force update']").click()
    wait_for_text(browser, "Reauthentication required")
    shot(browser, "07-reauthentication-required")
    browser.find_element(By.CSS_SELECTOR, "button.reauthenticate").click()
    if "Log In" in browser.page_source:
        sign_in_at_salesforce(browser, "admin@tributary.sandbox", "sandbox-admin-1")
    WebDriverWait(browser, 30).until(lambda b: "/connections" in b.current_url)
    wait_for_text(browser, "Connected")
    assert "Reauthentication required" not in browser.find_element(By.CSS_SELECTOR, "tr.connection").text
    shot(browser, "08-reauthenticated")

    # The admin adds a Standard user.
    browser.get(app["url"] + "/users")
    browser.find_element(By.ID, "email").send_keys(STANDARD[0])
    browser.find_element(By.ID, "password").send_keys(STANDARD[1])
    Select(browser.find_element(By.ID, "role")).select_by_value("standard")
    browser.find_element(By.XPATH, "//button[text()='Add user']").click()
    assert STANDARD[0] in browser.page_source
    shot(browser, "09-manage-users")
    browser.find_element(By.XPATH, "//button[text()='Sign out']").click()


def test_standard_user_cannot_add_or_change_connections(app, browser):
    browser.get(app["url"] + "/sign-in")
    browser.find_element(By.ID, "email").send_keys(STANDARD[0])
    browser.find_element(By.ID, "password").send_keys(STANDARD[1])
    browser.find_element(By.ID, "sign-in").click()
    wait_for_text(browser, "Sandbox org", refresh=False)
    body = browser.page_source
    assert "Add a Data Source" not in body
    assert "Force update" not in body and "Reauthenticate" not in body and "Disconnect" not in body
    shot(browser, "10-standard-user-connections")
    browser.get(app["url"] + "/connections/new")
    assert "Admin" in browser.page_source and "permissions" in browser.page_source
    shot(browser, "11-standard-user-forbidden")
