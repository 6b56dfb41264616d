import SOQL

extension GeneratorContext {
    func stageValues(_ stage: Int) -> (name: String, probability: Double, forecast: String) {
        let forecast = Vocabulary.stageForecast[stage]
        return (Vocabulary.stages[stage], Vocabulary.stageProbability[stage], forecast)
    }

    func opportunities() -> Make {
        { o, b in
            let c = makeOpportunity(o)
            let (stage, probability, forecast) = stageValues(c.stage)
            var r = random(31, o)
            let product = c.lineItems.first.map { Vocabulary.products[$0.product].name } ?? r.pick(["New Business", "Renewal", "Expansion", "Services"])
            let closeDate = Int64(c.closeDate) * Time.day
            let fiscalYear = Int64(SOQLDate.civil(fromDays: c.closeDate).year)
            let fiscalQuarter = Int64((SOQLDate.civil(fromDays: c.closeDate).month - 1) / 3 + 1)
            b.put("Id", id(.opportunity, o)); b.put("AccountId", id(.account, c.account)); b.put("IsPrivate", .boolean(false))
            b.put("Name", .string("\(accountName(c.account)) - \(product)")); b.put("Description", .null)
            b.put("StageName", .string(stage)); b.put("Amount", .number(c.amount)); b.put("Probability", .number(probability))
            b.put("ExpectedRevenue", .number((c.amount * probability / 100).rounded()))
            b.put("TotalOpportunityQuantity", c.lineItems.isEmpty ? .null : .number(Double(c.lineItems.reduce(0) { $0 + $1.quantity })))
            b.put("CloseDate", .date(c.closeDate))
            b.put("Type", .string(["New Customer", "Existing Customer - Upgrade", "Existing Customer - Replacement"][c.type]))
            b.put("NextStep", c.isClosed ? .null : .string(r.pick(["Send proposal", "Schedule demo", "Legal review", "Call CFO"])))
            b.put("LeadSource", .string(Vocabulary.leadSources[c.source])); b.put("IsClosed", .boolean(c.isClosed))
            b.put("IsWon", .boolean(c.isWon)); b.put("ForecastCategory", .string(forecast))
            b.put("ForecastCategoryName", .string(Vocabulary.forecastName[forecast] ?? forecast))
            b.put("CampaignId", id(.campaign, c.campaign)); b.put("HasOpportunityLineItem", .boolean(!c.lineItems.isEmpty))
            b.put("Pricebook2Id", c.lineItems.isEmpty ? .null : id(.pricebook2, 0)); b.put("OwnerId", user(c.owner))
            b.put("LastActivityDate", .date(Time.days(c.modified)))
            b.put("LastStageChangeDate", c.stagePath.count > 1 ? .dateTime(c.stageTimes.last ?? c.created) : .null)
            b.put("FiscalQuarter", .integer(fiscalQuarter)); b.put("FiscalYear", .integer(fiscalYear))
            b.put("Fiscal", .string("\(fiscalYear) \(fiscalQuarter)")); b.put("ContactId", id(.contact, c.contact))
            b.put("HasOpenActivity", .boolean(!c.isClosed && c.taskCount > 0))
            b.put("HasOverdueTask", .boolean(!c.isClosed && closeDate < asOf && c.taskCount > 0))
            audit(into: &b, created: c.created, modified: c.modified, by: user(c.owner))
        }
    }

    func opportunityHistory() -> Make {
        { h, b in
            let (o, k) = plan.opportunityHistory.locate(h)
            let c = opportunity(o)
            let step = min(k, c.stagePath.count - 1)
            let (stage, probability, forecast) = stageValues(c.stagePath[step])
            let at = c.stageTimes[step]
            // Deals slip: earlier snapshots carry an earlier close date than the final one.
            let closeDate = c.closeDate - Int32(7 * (c.stagePath.count - 1 - step))
            b.put("Id", id(.opportunityHistory, h)); b.put("OpportunityId", id(.opportunity, o)); b.put("CreatedById", user(c.owner))
            b.put("CreatedDate", .dateTime(at)); b.put("StageName", .string(stage)); b.put("Amount", .number(c.amount))
            b.put("ExpectedRevenue", .number((c.amount * probability / 100).rounded())); b.put("CloseDate", .date(closeDate))
            b.put("Probability", .number(probability)); b.put("ForecastCategory", .string(forecast))
            b.put("PrevAmount", step > 0 ? .number(c.amount) : .null)
            b.put("PrevCloseDate", step > 0 ? .date(closeDate - 7) : .null)
            b.put("SystemModstamp", .dateTime(at)); b.put("IsDeleted", .boolean(false))
        }
    }

    func opportunityLineItems() -> Make {
        { li, b in
            let (o, k) = plan.opportunityLineItems.locate(li)
            let c = opportunity(o)
            let item = c.lineItems[min(k, max(0, c.lineItems.count - 1))]
            let p = Vocabulary.products[item.product]
            b.put("Id", id(.opportunityLineItem, li)); b.put("OpportunityId", id(.opportunity, o)); b.put("SortOrder", .integer(Int64(k + 1)))
            b.put("PricebookEntryId", id(.pricebookEntry, item.product)); b.put("Product2Id", id(.product2, item.product))
            b.put("ProductCode", .string(p.code)); b.put("Name", .string("\(accountName(c.account)) \(p.name)"))
            b.put("Quantity", .number(Double(item.quantity))); b.put("TotalPrice", .number(p.price * Double(item.quantity)))
            b.put("UnitPrice", .number(p.price)); b.put("ListPrice", .number(p.price)); b.put("ServiceDate", .date(c.closeDate))
            b.put("Description", .null)
            audit(into: &b, created: c.created, modified: c.created, by: user(c.owner))
        }
    }

    func contactRoles() -> Make {
        { o, b in
            let c = opportunity(o)
            // The deal's contact, else one that existed when it was opened.
            let contact = c.contact >= 0 ? c.contact : plan.contactOrder.element(before: c.created, o &* 31)
            b.put("Id", id(.opportunityContactRole, o)); b.put("OpportunityId", id(.opportunity, o))
            b.put("ContactId", id(.contact, contact))
            b.put("Role", .string(["Decision Maker", "Economic Buyer", "Technical Buyer", "Influencer", "Evaluator"][o % 5]))
            b.put("IsPrimary", .boolean(true))
            audit(into: &b, created: c.created, modified: c.created, by: user(c.owner))
        }
    }
}
