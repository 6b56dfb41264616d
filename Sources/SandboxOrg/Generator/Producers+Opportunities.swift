import SOQL

extension GeneratorContext {
    func stageValues(_ stage: Int) -> (name: String, probability: Double, forecast: String) {
        let forecast = Vocabulary.stageForecast[stage]
        return (Vocabulary.stages[stage], Vocabulary.stageProbability[stage], forecast)
    }

    func opportunities() -> Make {
        { o in
            let c = makeOpportunity(o)
            let (stage, probability, forecast) = stageValues(c.stage)
            var r = random(31, o)
            let product = c.lineItems.first.map { Vocabulary.products[$0.product].name } ?? r.pick(["New Business", "Renewal", "Expansion", "Services"])
            let closeDate = Int64(c.closeDate) * Time.day
            let fiscalYear = Int64(SOQLDate.civil(fromDays: c.closeDate).year)
            let fiscalQuarter = Int64((SOQLDate.civil(fromDays: c.closeDate).month - 1) / 3 + 1)
            return [
                ("Id", id(.opportunity, o)), ("AccountId", id(.account, c.account)), ("IsPrivate", .boolean(false)),
                ("Name", .string("\(accountName(c.account)) - \(product)")), ("Description", .null),
                ("StageName", .string(stage)), ("Amount", .number(c.amount)), ("Probability", .number(probability)),
                ("ExpectedRevenue", .number((c.amount * probability / 100).rounded())),
                ("TotalOpportunityQuantity", c.lineItems.isEmpty ? .null : .number(Double(c.lineItems.reduce(0) { $0 + $1.quantity }))),
                ("CloseDate", .date(c.closeDate)),
                ("Type", .string(["New Customer", "Existing Customer - Upgrade", "Existing Customer - Replacement"][c.type])),
                ("NextStep", c.isClosed ? .null : .string(r.pick(["Send proposal", "Schedule demo", "Legal review", "Call CFO"]))),
                ("LeadSource", .string(Vocabulary.leadSources[c.source])), ("IsClosed", .boolean(c.isClosed)),
                ("IsWon", .boolean(c.isWon)), ("ForecastCategory", .string(forecast)),
                ("ForecastCategoryName", .string(Vocabulary.forecastName[forecast] ?? forecast)),
                ("CampaignId", id(.campaign, c.campaign)), ("HasOpportunityLineItem", .boolean(!c.lineItems.isEmpty)),
                ("Pricebook2Id", c.lineItems.isEmpty ? .null : id(.pricebook2, 0)), ("OwnerId", user(c.owner)),
                ("LastActivityDate", .date(Time.days(c.modified))),
                ("LastStageChangeDate", c.stagePath.count > 1 ? .dateTime(c.stageTimes.last ?? c.created) : .null),
                ("FiscalQuarter", .integer(fiscalQuarter)), ("FiscalYear", .integer(fiscalYear)),
                ("Fiscal", .string("\(fiscalYear) \(fiscalQuarter)")), ("ContactId", id(.contact, c.contact)),
                ("HasOpenActivity", .boolean(!c.isClosed && c.taskCount > 0)),
                ("HasOverdueTask", .boolean(!c.isClosed && closeDate < asOf && c.taskCount > 0)),
            ] + audit(created: c.created, modified: c.modified, by: user(c.owner))
        }
    }

    func opportunityHistory() -> Make {
        { h in
            let (o, k) = plan.opportunityHistory.locate(h)
            let c = opportunity(o)
            let step = min(k, c.stagePath.count - 1)
            let (stage, probability, forecast) = stageValues(c.stagePath[step])
            let at = c.stageTimes[step]
            // Deals slip: earlier snapshots carry an earlier close date than the final one.
            let closeDate = c.closeDate - Int32(7 * (c.stagePath.count - 1 - step))
            return [
                ("Id", id(.opportunityHistory, h)), ("OpportunityId", id(.opportunity, o)), ("CreatedById", user(c.owner)),
                ("CreatedDate", .dateTime(at)), ("StageName", .string(stage)), ("Amount", .number(c.amount)),
                ("ExpectedRevenue", .number((c.amount * probability / 100).rounded())), ("CloseDate", .date(closeDate)),
                ("Probability", .number(probability)), ("ForecastCategory", .string(forecast)),
                ("PrevAmount", step > 0 ? .number(c.amount) : .null),
                ("PrevCloseDate", step > 0 ? .date(closeDate - 7) : .null),
                ("SystemModstamp", .dateTime(at)), ("IsDeleted", .boolean(false)),
            ]
        }
    }

    func opportunityLineItems() -> Make {
        { li in
            let (o, k) = plan.opportunityLineItems.locate(li)
            let c = opportunity(o)
            let item = c.lineItems[min(k, max(0, c.lineItems.count - 1))]
            let p = Vocabulary.products[item.product]
            return [
                ("Id", id(.opportunityLineItem, li)), ("OpportunityId", id(.opportunity, o)), ("SortOrder", .integer(Int64(k + 1))),
                ("PricebookEntryId", id(.pricebookEntry, item.product)), ("Product2Id", id(.product2, item.product)),
                ("ProductCode", .string(p.code)), ("Name", .string("\(accountName(c.account)) \(p.name)")),
                ("Quantity", .number(Double(item.quantity))), ("TotalPrice", .number(p.price * Double(item.quantity))),
                ("UnitPrice", .number(p.price)), ("ListPrice", .number(p.price)), ("ServiceDate", .date(c.closeDate)),
                ("Description", .null),
            ] + audit(created: c.created, modified: c.created, by: user(c.owner))
        }
    }

    func contactRoles() -> Make {
        { o in
            let c = opportunity(o)
            let contact = c.contact >= 0 ? c.contact : (plan.contacts > 0 ? (o &* 31) % plan.contacts : -1)
            return [
                ("Id", id(.opportunityContactRole, o)), ("OpportunityId", id(.opportunity, o)),
                ("ContactId", id(.contact, contact)),
                ("Role", .string(["Decision Maker", "Economic Buyer", "Technical Buyer", "Influencer", "Evaluator"][o % 5])),
                ("IsPrimary", .boolean(true)),
            ] + audit(created: c.created, modified: c.created, by: user(c.owner))
        }
    }
}
