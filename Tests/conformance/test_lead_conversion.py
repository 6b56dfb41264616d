"""Lead conversion as Salesforce leaves the data (docs/sandbox-fidelity.md §9), read through
simple-salesforce: the converted lead's tasks name its contact and opportunity, its campaign
members the contact beside the lead, and each moved record was changed by the conversion."""
import secrets
import time

from conftest import control, parse_sf_datetime, soql_datetime


def test_a_conversion_moves_the_leads_tasks_and_members_to_the_contact(org, sf):
    # Given a new lead with two tasks and a membership of a campaign
    marker = "Convert " + secrets.token_hex(4)
    lead_id = sf.Lead.create({"FirstName": "Grace", "LastName": marker, "Company": "Harvard Mark I", "LeadSource": "Web"})["id"]
    task_ids = [sf.Task.create({"Subject": f"Call {k}", "WhoId": lead_id, "Status": "Not Started", "Priority": "Normal"})["id"]
                for k in range(2)]
    campaign_id = sf.query("SELECT Id FROM Campaign LIMIT 1")["records"][0]["Id"]
    member_id = sf.CampaignMember.create({"CampaignId": campaign_id, "LeadId": lead_id, "Status": "Sent"})["id"]
    before = max(parse_sf_datetime(sf.Task.get(t)["SystemModstamp"]) for t in task_ids)
    time.sleep(1.1)  # stamps are whole seconds in SOQL literals

    # When the sandbox converts it (Salesforce converts through the UI, SOAP or Apex, not REST)
    answer = control(org, "POST", "leads/convert", {"leadId": lead_id}).json()
    contact_id, opportunity_id, account_id = answer["contactId"], answer["opportunityId"], answer["accountId"]
    assert (answer["tasks"], answer["campaignMembers"]) == (2, 1)

    # Then the lead is converted into them
    lead = sf.Lead.get(lead_id)
    assert lead["IsConverted"] is True and lead["ConvertedContactId"] == contact_id
    assert lead["ConvertedOpportunityId"] == opportunity_id and lead["ConvertedAccountId"] == account_id
    # And its tasks name the contact and the opportunity, none the lead any more
    assert sf.query(f"SELECT Id FROM Task WHERE WhoId = '{lead_id}'")["totalSize"] == 0
    rows = sf.query(f"SELECT Id, WhoId, WhatId, AccountId, SystemModstamp FROM Task WHERE WhoId = '{contact_id}'")["records"]
    assert sorted(r["Id"] for r in rows) == sorted(task_ids)
    assert all(r["WhatId"] == opportunity_id and r["AccountId"] == account_id for r in rows)
    # And each was changed by the conversion, so an incremental read by SystemModstamp sees it again
    assert all(parse_sf_datetime(r["SystemModstamp"]) > before for r in rows)
    changed = sf.query(f"SELECT Id FROM Task WHERE SystemModstamp > {soql_datetime(before)} AND WhoId = '{contact_id}'")
    assert changed["totalSize"] == 2
    # And the campaign member keeps the lead and names the contact
    member = sf.CampaignMember.get(member_id)
    assert (member["LeadId"], member["ContactId"]) == (lead_id, contact_id)
    assert parse_sf_datetime(member["SystemModstamp"]) > before


def test_the_seeded_orgs_converted_leads_have_their_activity_on_their_contacts(sf):
    # Given converted leads of the seeded org
    leads = sf.query("SELECT Id, ConvertedContactId, ConvertedOpportunityId, ConvertedDate FROM Lead WHERE IsConverted = true LIMIT 50")["records"]
    assert len(leads) == 50
    ids = "', '".join(lead["Id"] for lead in leads)
    # Then no task names them, and their campaign members name their contacts
    assert sf.query(f"SELECT Id FROM Task WHERE WhoId IN ('{ids}')")["totalSize"] == 0
    members = sf.query(f"SELECT LeadId, ContactId FROM CampaignMember WHERE LeadId IN ('{ids}')")["records"]
    contact_of = {lead["Id"]: lead["ConvertedContactId"] for lead in leads}
    assert members and all(m["ContactId"] == contact_of[m["LeadId"]] for m in members)
    # And their contacts' tasks from before the conversion (the leads') name their opportunities
    contacts = "', '".join(contact_of.values())
    tasks = sf.query(f"SELECT WhoId, WhatId, CreatedDate FROM Task WHERE WhoId IN ('{contacts}')")["records"]
    lead_of = {lead["ConvertedContactId"]: lead for lead in leads}
    moved = [t for t in tasks if t["CreatedDate"][:10] < lead_of[t["WhoId"]]["ConvertedDate"]]
    assert moved and all(t["WhatId"] == lead_of[t["WhoId"]]["ConvertedOpportunityId"] for t in moved)
