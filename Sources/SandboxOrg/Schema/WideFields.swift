import SOQL

/// The managed-package fields production orgs pile onto their core objects (CPQ, marketing,
/// e-signature packages…): namespaced API names of about 40 characters. Hundreds of them make a
/// REST query's field list longer than the edge's 16,384-byte URI limit (airbyte#14024,
/// jsforce#1134), which is what `--wide-objects` lets a client meet.
enum WideFields {
    static let objects: Set<String> = ["Account", "Contact", "Lead", "Opportunity"]
    static let namespaces = ["SBQQ", "FinServ", "npsp", "et4ae5", "dsfs", "mkto71", "LID", "pi"]
    static let subjects = ["Renewal", "Engagement", "Territory", "Compliance", "Forecast", "Entitlement", "Campaign", "Billing"]
    static let qualities = ["Quarterly", "Adjusted", "Regional", "Primary", "Historical", "Projected"]
    static let measures = ["Score", "Amount", "Status", "Review_Date", "Indicator", "Category"]
    static let texts = ["Pending review", "Approved", "Escalated", "Gold", "Silver", "Bronze", "Renewal due", "On hold"]

    /// The `count` extra fields of one object, always the same names and types for a count.
    static func fields(count: Int) -> [FieldSchema] {
        (0..<count).map { k in
            let name = "\(namespaces[k % namespaces.count])__\(qualities[(k / 8) % qualities.count])_"
                + "\(subjects[(k / 3) % subjects.count])_\(measures[k % measures.count])_\(padded(k))__c"
            switch k % 4 {
            case 0: return FieldSchema(name, .string, length: 255)
            case 1: return FieldSchema(name, .double, precision: 18, scale: 2)
            case 2: return FieldSchema(name, .date)
            default: return FieldSchema(name, .boolean, nillable: false, defaultedOnCreate: true, defaultValue: "false")
            }
        }
    }

    /// The org's schemas with `count` wide fields appended to each wide object (after every
    /// standard field, so positions of the usual fields do not move).
    static func schemas(_ all: [ObjectSchema], count: Int) -> [ObjectSchema] {
        guard count > 0 else { return all }
        let extra = fields(count: count)
        return all.map { schema in
            guard objects.contains(schema.name) else { return schema }
            var wide = schema
            for field in extra { wide.append(field) }
            return wide
        }
    }

    /// A wide field's value in a generated record: about a third of them are blank, as most
    /// package fields are on most records.
    static func value(_ type: FieldType, random: inout RecordRandom, asOfDay: Int32) -> SOQLValue {
        if type == .boolean { return .boolean(random.chance(0.3)) }
        guard random.chance(0.65) else { return .null }
        switch type {
        case .double: return .number(Double(random.int(0...1_000_000)) / 100)
        case .date: return .date(asOfDay - Int32(random.below(1_500)))
        default: return .string(random.pick(texts))
        }
    }

    private static func padded(_ k: Int) -> String {
        let digits = String(k)
        return String(repeating: "0", count: max(0, 3 - digits.count)) + digits
    }
}
