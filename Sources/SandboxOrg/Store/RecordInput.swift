import SOQL

/// Turns a create or update body (`{"Name": "Acme", ...}`) into typed field values, refusing
/// what Salesforce refuses, with its error codes.
enum RecordInput {
    static func parse(_ body: [UInt8], schema: ObjectSchema, creating: Bool) throws(SalesforceFault) -> [Int: SOQLValue] {
        let json: JSON
        do {
            json = try JSONParser.parse(body)
        } catch {
            throw SalesforceFault(status: 400, "JSON_PARSER_ERROR", "\(error.message) at [line:\(error.line), column:\(error.column)]")
        }
        guard case .object(let pairs) = json else {
            throw SalesforceFault(status: 400, "JSON_PARSER_ERROR", "Cannot deserialize instance of \(schema.name) from a non-object value at [line:1, column:1]")
        }
        var values: [Int: SOQLValue] = [:]
        for (name, raw) in pairs where name != "attributes" {
            guard let index = schema.fieldIndex(named: name) else {
                throw SalesforceFault(status: 400, "INVALID_FIELD", "No such column '\(name)' on sobject of type \(schema.name)")
            }
            let field = schema.fields[index]
            guard creating ? field.createable : field.updateable else {
                throw SalesforceFault(
                    status: 400, "INVALID_FIELD_FOR_INSERT_UPDATE",
                    "Unable to create/update fields: \(field.name). Please check the security settings of this field and verify that it is read/write for your profile or permission set.",
                    fields: [field.name])
            }
            values[index] = try convert(raw, field: field, object: schema.name)
        }
        if creating {
            let missing = schema.fields.enumerated().filter { i, f in
                !f.nillable && f.createable && !f.defaultedOnCreate && f.type != .boolean && (values[i]?.isNull ?? true)
            }.map(\.element.name)
            if !missing.isEmpty {
                throw SalesforceFault(status: 400, "REQUIRED_FIELD_MISSING", "Required fields are missing: [\(missing.joined(separator: ", "))]", fields: missing)
            }
        } else if let missing = values.first(where: { i, v in v.isNull && !schema.fields[i].nillable }) {
            let name = schema.fields[missing.key].name
            throw SalesforceFault(status: 400, "REQUIRED_FIELD_MISSING", "Required fields are missing: [\(name)]", fields: [name])
        }
        return values
    }

    static func convert(_ raw: JSON, field: FieldSchema, object: String) throws(SalesforceFault) -> SOQLValue {
        if case .null = raw { return .null }
        func bad() -> SalesforceFault {
            SalesforceFault(status: 400, "JSON_PARSER_ERROR", "Cannot deserialize instance of \(field.type.rawValue) from \(raw.text) value for field \(field.name)")
        }
        switch field.type {
        case .boolean:
            guard case .bool(let b) = raw else { throw bad() }
            return .boolean(b)
        case .int, .long:
            if case .int(let n) = raw { return .integer(n) }
            if case .double(let d) = raw, d == d.rounded() { return .integer(Int64(d)) }
            throw bad()
        case .double, .currency, .percent:
            if case .int(let n) = raw { return .number(Double(n)) }
            if case .double(let d) = raw { return .number(d) }
            if case .string(let s) = raw, let d = Double(s) { return .number(d) }
            throw bad()
        case .date:
            guard case .string(let s) = raw, let d = SOQLDate.parseDate(s) else { throw bad() }
            return .date(d)
        case .datetime:
            guard case .string(let s) = raw, let t = SOQLDate.parseDateTime(s) else { throw bad() }
            return .dateTime(t)
        case .id, .reference:
            guard case .string(let s) = raw else { throw bad() }
            guard let id = SalesforceID.canonical(s) else {
                throw SalesforceFault(status: 400, "MALFORMED_ID", "\(field.label): id value of incorrect type: \(s)", fields: [field.name])
            }
            return .string(id)
        default:
            let text: String
            switch raw {
            case .string(let s): text = s
            case .int(let n): text = String(n)
            case .double(let d): text = String(d)
            case .bool(let b): text = String(b)
            default: throw bad()
            }
            if field.length > 0, text.count > field.length {
                throw SalesforceFault(
                    status: 400, "STRING_TOO_LONG", "\(field.label): data value too large: \(text.prefix(40)) (max length=\(field.length))",
                    fields: [field.name])
            }
            if field.restrictedPicklist, !field.picklistValues.contains(where: { $0.value == text }) {
                throw SalesforceFault(
                    status: 400, "INVALID_OR_NULL_FOR_RESTRICTED_PICKLIST", "\(field.label): bad value for restricted picklist field: \(text)",
                    fields: [field.name])
            }
            return .string(text)
        }
    }
}
