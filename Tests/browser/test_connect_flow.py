"""The admin's way through the web app in a real browser: create the first admin, Add a Data
Source, Connect to Salesforce at the sandbox org's sign-in page, see the tables arrive,
Reauthenticate after Salesforce revokes the token, and check that a Standard user cannot add or
change a connection. Saves a screenshot of each page under Tests/browser/screenshots/."""
import os
import time
import urllib.request

from selenium.common.exceptions import StaleElementReferenceException, WebDriverException
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select, WebDriverWait

from conftest import SCREENSHOTS

ADMIN = ("admin@example.com", "correct horse battery")
STANDARD = ("analyst@example.com", "another long password")


def shot(browser, name):
    browser.save_screenshot(os.path.join(SCREENSHOTS, name + ".png"))


def body_text(browser):
    """The page's text; a page that is being replaced (a form's redirect) is read again. Chrome
    reports a body replaced mid-read as stale or, at times, as a node outside the document."""
    for _ in range(20):
        try:
            return browser.find_element(By.TAG_NAME, "body").text
        except WebDriverException:
            time.sleep(0.1)
    return ""


def wait_for_text(browser, text, timeout=60, refresh=True):
    deadline = time.time() + timeout
    while time.time() < deadline:
        if text in body_text(browser):
            return
        time.sleep(0.5)
        if refresh:
            browser.refresh()
    raise AssertionError(f"'{text}' never appeared:\n{body_text(browser)[:2000]}")


def wait_until(browser, what, predicate, timeout=30):
    """Clicks return before the next page has loaded: every step waits for what it expects."""
    deadline = time.time() + timeout
    while time.time() < deadline:
        try:
            if predicate():
                return
        except (StaleElementReferenceException, WebDriverException):
            pass
        time.sleep(0.2)
    raise AssertionError(f"waited for {what}; at {browser.current_url}:\n{body_text(browser)[:2000]}")


def at_app(browser, app):
    return browser.current_url.startswith(app["url"] + "/connections")


def sign_in_at_salesforce(browser, app, user, password):
    """The sandbox org's sign-in page, then Allow on first use, until back at the app."""
    wait_until(browser, "Salesforce's sign-in page", lambda: "Log In" in body_text(browser) or at_app(browser, app))
    if at_app(browser, app):
        return  # already signed in and approved: Salesforce sends the browser straight back
    browser.find_element(By.NAME, "username").send_keys(user)
    browser.find_element(By.NAME, "password").send_keys(password)
    shot(browser, "04-salesforce-sign-in")
    browser.find_element(By.ID, "Login").click()
    wait_until(browser, "Allow or the app", lambda: "Allow Access?" in body_text(browser) or at_app(browser, app))
    if not at_app(browser, app):
        shot(browser, "05-salesforce-allow")
        browser.find_element(By.ID, "oaapprove").click()
    wait_until(browser, "the way back to Connections", lambda: at_app(browser, app))


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
    wait_until(browser, "Connections", lambda: "Connections" in browser.title)
    shot(browser, "01-connections-empty")
    browser.find_element(By.ID, "add-data-source").click()
    wait_until(browser, "the source tiles", lambda: "Add a Data Source" in browser.title)
    shot(browser, "02-add-data-source")
    browser.find_element(By.ID, "tile-salesforce").click()
    wait_until(browser, "Connect to Salesforce", lambda: "Connect to Salesforce" in browser.title)
    name = browser.find_element(By.ID, "name")
    name.clear()
    name.send_keys("Sandbox org")
    Select(browser.find_element(By.ID, "environment")).select_by_value("local")
    shot(browser, "03-connect-to-salesforce")
    browser.find_element(By.ID, "connect-salesforce").click()

    sign_in_at_salesforce(browser, app, "admin@tributary.sandbox", "sandbox-admin-1")
    wait_for_text(browser, "Connected")
    wait_for_text(browser, "sf_opportunity")
    shot(browser, "06-connected-with-tables")
    assert "Sandbox org" in body_text(browser)

    # Salesforce revokes the refresh token; the next cycle asks for reauthentication.
    post_control(app, "/_sandbox/refresh-tokens/revoke")
    post_control(app, "/_sandbox/sessions/expire")
    browser.find_element(By.XPATH, "//button[text()='Force update']").click()
    wait_for_text(browser, "Reauthentication required")
    shot(browser, "07-reauthentication-required")
    browser.find_element(By.CSS_SELECTOR, "button.reauthenticate").click()
    wait_until(browser, "Salesforce's sign-in page", lambda: not at_app(browser, app))
    sign_in_at_salesforce(browser, app, "admin@tributary.sandbox", "sandbox-admin-1")
    wait_for_text(browser, "Connected")
    wait_for_text(browser, "Sandbox org")
    assert "Reauthentication required" not in body_text(browser)
    shot(browser, "08-reauthenticated")

    # The admin adds a Standard user.
    browser.get(app["url"] + "/users")
    browser.find_element(By.ID, "email").send_keys(STANDARD[0])
    browser.find_element(By.ID, "password").send_keys(STANDARD[1])
    Select(browser.find_element(By.ID, "role")).select_by_value("standard")
    browser.find_element(By.XPATH, "//button[text()='Add user']").click()
    wait_until(browser, "the new user", lambda: STANDARD[0] in body_text(browser))
    shot(browser, "09-manage-users")
    browser.find_element(By.XPATH, "//button[text()='Sign out']").click()
    wait_until(browser, "the sign-in page", lambda: browser.current_url.endswith("/sign-in"))


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
    wait_until(browser, "the 403 page", lambda: "Admin permissions" in body_text(browser))
    shot(browser, "11-standard-user-forbidden")


def test_admin_chooses_columns_and_syncs_a_table_immediately(app, browser):
    """Data Warehouse Manager: remove a table (with the confirmation), choose it again with only
    some columns, Save and Sync Data Immediately, and see the rows arrive."""
    browser.get(app["url"] + "/connections")
    if "Sign out" in body_text(browser):
        browser.find_element(By.XPATH, "//button[text()='Sign out']").click()
        wait_until(browser, "the sign-in page", lambda: browser.current_url.endswith("/sign-in"))
    browser.get(app["url"] + "/sign-in")
    browser.find_element(By.ID, "email").send_keys(ADMIN[0])
    browser.find_element(By.ID, "password").send_keys(ADMIN[1])
    browser.find_element(By.ID, "sign-in").click()
    wait_for_text(browser, "Sandbox org", refresh=False)
    browser.find_element(By.LINK_TEXT, "Data Warehouse").click()
    wait_until(browser, "the Data Warehouse page", lambda: "Data Warehouse" in browser.title)
    browser.find_element(By.CSS_SELECTOR, "a.table-link[data-table='sf_campaign']").click()
    wait_until(browser, "sf_campaign's columns", lambda: "Salesforce object Campaign" in body_text(browser))
    wait_for_text(browser, "rows in the warehouse")
    shot(browser, "12-data-warehouse-table")

    # Stop syncing the table: Tributary asks first, then drops it.
    browser.find_element(By.ID, "table-selected").click()
    browser.find_element(By.ID, "save").click()
    wait_until(browser, "the confirmation", lambda: "Remove from the warehouse?" in browser.title)
    shot(browser, "13-remove-table-confirmation")
    browser.find_element(By.ID, "confirm-remove").click()
    wait_until(browser, "the table page again", lambda: "not in the warehouse yet" in body_text(browser))

    # Choose it again with fewer columns and sync it now.
    browser.find_element(By.ID, "table-selected").click()
    for column in ("description", "expectedrevenue", "budgetedcost"):
        box = browser.find_element(By.CSS_SELECTOR, f"tr[data-column='{column}'] input.column-sync")
        if box.is_selected():
            box.click()
    shot(browser, "14-choose-columns")
    browser.find_element(By.ID, "save-and-sync").click()
    wait_for_text(browser, "rows in the warehouse")
    status = browser.find_element(By.CSS_SELECTOR, "tr[data-column='description']").get_attribute("data-status")
    assert status == "unsynced"
    assert browser.find_element(By.CSS_SELECTOR, "tr[data-column='name']").get_attribute("data-status") == "synced"
    shot(browser, "15-synced-immediately")


def test_every_dashboard_and_analysis_page(app, browser):
    """The analyses in a browser: each dashboard (charts and sortable tables), the Leads page,
    a goal, a dashboard of one's own, and a SQL report with its chart. Screenshots of each."""
    browser.get(app["url"] + "/dashboards")
    wait_until(browser, "the dashboards list", lambda: "Lead optimisation" in body_text(browser))
    shot(browser, "16-dashboards")
    for key, title, expected in (("leads", "Lead optimisation", "Lead conversion by source"),
                                 ("opportunities", "Opportunities", "Pipeline by stage")):
        browser.get(app["url"] + "/dashboards/" + key)
        wait_until(browser, title, lambda: expected in body_text(browser))
        assert browser.find_elements(By.CSS_SELECTOR, "svg.chart rect"), "no chart bars on " + key
        shot(browser, f"17-dashboard-{key}")
    # Sorting: a click on a heading orders the rows by it.
    browser.get(app["url"] + "/dashboards/leads")
    wait_until(browser, "the leads dashboard", lambda: "Lead conversion by source" in body_text(browser))
    table = browser.find_element(By.CSS_SELECTOR, "section[data-widget='0'] table.sortable")
    table.find_elements(By.TAG_NAME, "th")[1].click()
    counts = [int(row.find_elements(By.TAG_NAME, "td")[1].text) for row in table.find_elements(By.CSS_SELECTOR, "tbody tr")]
    assert counts == sorted(counts) and len(counts) > 2, counts

    # A dashboard of the admin's own, shared.
    browser.get(app["url"] + "/dashboards/new")
    browser.find_element(By.ID, "dashboard-title").send_keys("Weekly review")
    for key in ("analysis:winRate", "analysis:conversionBySource"):
        browser.find_element(By.CSS_SELECTOR, f"input[name='widgets'][value='{key}']").click()
    browser.find_element(By.ID, "dashboard-shared").click()
    browser.find_element(By.ID, "save-dashboard").click()
    wait_until(browser, "the new dashboard", lambda: "Weekly review" in browser.title and "Win rate by owner" in body_text(browser))
    shot(browser, "18-own-dashboard")

    browser.get(app["url"] + "/leads")
    wait_for_text(browser, "Lead source =", timeout=90)
    scores = [int(cell.text) for cell in browser.find_elements(By.CSS_SELECTOR, "td.score")]
    assert scores and scores == sorted(scores, reverse=True)
    shot(browser, "19-leads")

    browser.get(app["url"] + "/goals")
    browser.find_element(By.ID, "goal-title").send_keys("Bookings this year")
    Select(browser.find_element(By.ID, "goal-period")).select_by_value("year")
    year = time.strftime("%Y", time.gmtime())
    browser.execute_script(f"document.getElementById('goal-start').value = '{year}-01-01'")
    browser.find_element(By.ID, "goal-target").send_keys("5000000")
    browser.find_element(By.ID, "save-goal").click()
    wait_until(browser, "the goal", lambda: "Bookings this year" in body_text(browser) and "run rate" in body_text(browser))
    shot(browser, "20-goals")

    browser.get(app["url"] + "/reports/new")
    browser.find_element(By.ID, "title").send_keys("Leads by source")
    browser.find_element(By.ID, "sql").send_keys("SELECT leadsource, count(*) AS leads FROM sf_lead GROUP BY leadsource ORDER BY leads DESC")
    Select(browser.find_element(By.ID, "chart")).select_by_value("bar")
    browser.find_element(By.ID, "save-report").click()
    wait_until(browser, "the saved report", lambda: "Export CSV" in body_text(browser))
    assert browser.find_elements(By.CSS_SELECTOR, "svg.chart rect")
    shot(browser, "21-sql-report")


READ_ONLY = ("viewer@example.com", "a third long password")


def sign_in_as(browser, app, user):
    """Signs out whoever is signed in, then in as `user`."""
    browser.get(app["url"] + "/dashboards")
    signout = browser.find_elements(By.XPATH, "//button[text()='Sign out']")
    if signout:
        signout[0].click()
        wait_until(browser, "the sign-in page", lambda: browser.current_url.endswith("/sign-in"))
    browser.get(app["url"] + "/sign-in")
    browser.find_element(By.ID, "email").send_keys(user[0])
    browser.find_element(By.ID, "password").send_keys(user[1])
    browser.find_element(By.ID, "sign-in").click()
    wait_until(browser, "signed in", lambda: "/sign-in" not in browser.current_url)


def test_report_builder_report_on_a_dashboard_seen_by_read_only_user_once_shared(app, browser):
    """Done-when of issue 17: a report built in the builder (a lookup grouping and a filter),
    saved, added to a dashboard; a Read-Only user sees it once it is shared."""
    sign_in_as(browser, app, ADMIN)
    browser.get(app["url"] + "/users")
    browser.find_element(By.ID, "email").send_keys(READ_ONLY[0])
    browser.find_element(By.ID, "password").send_keys(READ_ONLY[1])
    Select(browser.find_element(By.ID, "role")).select_by_value("read-only")
    browser.find_element(By.XPATH, "//button[text()='Add user']").click()
    wait_until(browser, "the new user", lambda: READ_ONLY[0] in body_text(browser))

    # Analyses > Reports > Build a report; choosing the object reloads the lists.
    browser.get(app["url"] + "/reports")
    browser.find_element(By.ID, "build-report").click()
    wait_until(browser, "the builder", lambda: browser.find_elements(By.ID, "object"))
    Select(browser.find_element(By.ID, "object")).select_by_value("Opportunity")
    wait_until(browser, "the Opportunity fields", lambda: browser.find_elements(By.ID, "report-builder"))
    form = browser.find_element(By.ID, "report-builder")
    Select(form.find_element(By.NAME, "measure-a-aggregate")).select_by_value("sum")
    Select(form.find_element(By.NAME, "measure-a-field")).select_by_value("Amount")
    Select(form.find_element(By.NAME, "time-field")).select_by_value("CloseDate")
    Select(form.find_element(By.NAME, "interval")).select_by_value("year")
    Select(form.find_element(By.NAME, "filter-1-field")).select_by_value("StageName")
    value = form.find_element(By.NAME, "filter-1-value")
    # A picklist offers its values, in describe's order.
    list_id = value.get_attribute("list")
    assert list_id, "the stage filter offers no values"
    options = [o.get_attribute("value") for o in browser.find_elements(By.CSS_SELECTOR, f"datalist#{list_id} option")]
    assert "Closed Won" in options and options.index("Prospecting") < options.index("Closed Won"), options
    value.send_keys("Closed Won")
    Select(form.find_element(By.NAME, "group-1")).select_by_value("Account.Industry")
    Select(form.find_element(By.ID, "chart")).select_by_value("stackedBar")
    form.find_element(By.ID, "title").send_keys("Won amount by industry")
    form.find_element(By.ID, "preview-report").click()
    wait_until(browser, "the preview", lambda: browser.find_elements(By.ID, "report-preview"))
    assert browser.find_elements(By.CSS_SELECTOR, "#report-preview svg.chart rect.bar"), "no bars in the preview"
    assert "Account › Industry" in body_text(browser)
    shot(browser, "22-report-builder-preview")

    browser.find_element(By.ID, "save-report").click()
    wait_until(browser, "the saved report", lambda: "Built on Opportunity" in body_text(browser))
    report_url = browser.current_url
    rows = browser.find_elements(By.CSS_SELECTOR, "#report-result tbody tr")
    assert rows, "the saved report has no rows"
    shot(browser, "23-builder-report")

    # Onto a new dashboard, which the admin shares; the report itself is still private.
    Select(browser.find_element(By.ID, "dashboard-choice")).select_by_value("new")
    browser.find_element(By.ID, "add-to-dashboard-button").click()
    wait_until(browser, "the dashboard", lambda: "/dashboards/" in browser.current_url and browser.find_elements(By.CSS_SELECTOR, "section.report-widget"))
    dashboard_url = browser.current_url
    browser.find_element(By.LINK_TEXT, "Edit dashboard").click()
    wait_until(browser, "the dashboard form", lambda: browser.find_elements(By.ID, "dashboard-shared"))
    browser.find_element(By.ID, "dashboard-shared").click()
    browser.find_element(By.ID, "save-dashboard").click()
    wait_until(browser, "the shared dashboard", lambda: browser.current_url == dashboard_url)

    sign_in_as(browser, app, READ_ONLY)
    browser.get(dashboard_url)
    wait_until(browser, "the private notice", lambda: "private to its owner" in body_text(browser))
    assert not browser.find_elements(By.ID, "report-result")
    shot(browser, "24-read-only-private-report")

    # The admin shares the report in the builder; now the Read-Only user sees its chart and rows.
    sign_in_as(browser, app, ADMIN)
    browser.get(report_url)
    browser.find_element(By.ID, "edit-report").click()
    wait_until(browser, "the builder with the report", lambda: browser.find_elements(By.ID, "report-builder"))
    assert browser.find_element(By.NAME, "group-1").get_attribute("value") == "Account.Industry"
    browser.find_element(By.ID, "shared").click()
    browser.find_element(By.ID, "save-report").click()
    wait_until(browser, "the shared report", lambda: "Shared with everyone" in body_text(browser))

    sign_in_as(browser, app, READ_ONLY)
    browser.get(dashboard_url)
    wait_until(browser, "the report on the dashboard", lambda: browser.find_elements(By.CSS_SELECTOR, "section.report-widget #report-result"))
    assert browser.find_elements(By.CSS_SELECTOR, "section.report-widget svg.chart rect.bar")
    assert "Won amount by industry" in body_text(browser)
    shot(browser, "25-read-only-sees-shared-report")
    sign_in_as(browser, app, ADMIN)
