import SOQL

/// Formula fields are computed when a record is read, as Salesforce does: a formula that
/// depends on the date (`TODAY()`) or on other fields changes without moving SystemModstamp,
/// which is why the sync engine rechecks formula columns.
struct FormulaSet: Sendable {
    private var formulas: [(index: Int, compute: @Sendable ([SOQLValue], Int64) -> SOQLValue)] = []

    init(schema: ObjectSchema) {
        for (i, field) in schema.fields.enumerated() where field.isCalculated {
            if let compute = FormulaSet.known(object: schema.name, field: field.name, schema: schema) {
                formulas.append((i, compute))
            }
        }
    }

    func apply(to values: inout [SOQLValue], now: Int64) {
        for (index, compute) in formulas where index < values.count {
            values[index] = compute(values, now)
        }
    }

    /// The formulas this org defines, written as Swift: the sandbox does not interpret
    /// Salesforce's formula language, it only has to produce the same values.
    private static func known(object: String, field: String, schema: ObjectSchema) -> (@Sendable ([SOQLValue], Int64) -> SOQLValue)? {
        func slot(_ name: String) -> Int { schema.fieldIndex(named: name) ?? -1 }
        switch (object, field) {
        case ("Opportunity", "Days_Open__c"):
            let isClosed = slot("IsClosed"), closeDate = slot("CloseDate"), created = slot("CreatedDate")
            return { values, now in
                guard created >= 0, case .dateTime(let c) = values[created] else { return .null }
                let createdDay = Int32(c / 86_400_000)
                if isClosed >= 0, case .boolean(true) = values[isClosed], closeDate >= 0, case .date(let d) = values[closeDate] {
                    return .number(Double(d - createdDay))
                }
                return .number(Double(Int32(now / 86_400_000) - createdDay))
            }
        case ("Account", "Tier__c"):
            let revenue = slot("AnnualRevenue")
            return { values, _ in
                guard revenue >= 0 else { return .null }
                let amount: Double
                switch values[revenue] {
                case .number(let d): amount = d
                case .integer(let i): amount = Double(i)
                default: return .string("Unknown")
                }
                return .string(amount >= 100_000_000 ? "Enterprise" : amount >= 10_000_000 ? "Mid-Market" : "SMB")
            }
        case ("Opportunity", "ExpectedRevenue"):
            let amount = slot("Amount"), probability = slot("Probability")
            return { values, _ in
                guard amount >= 0, probability >= 0, case .number(let a) = values[amount], case .number(let p) = values[probability] else {
                    return .null
                }
                return .number((a * p / 100).rounded())
            }
        default:
            return nil
        }
    }
}
