import Foundation

/// Strict decoding: every object refuses keys it does not know, and says which, so a typo is a
/// 400 that names it rather than a query that silently means something else.
extension QuerySpec: Decodable {
    enum Keys: String, CodingKey, CaseIterable { case object, measure, measures, formula, time, filters, groupBy, currency }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: Keys.self)
        try refuseUnknownKeys(decoder, Keys.self, in: "the query")
        object = try c.decode(String.self, forKey: .object)
        let single = try c.decodeIfPresent(MeasureSpec.self, forKey: .measure)
        let several = try c.decodeIfPresent([String: MeasureSpec].self, forKey: .measures)
        switch (single, several) {
        case let (measure?, nil):
            measures = ["value": measure]
            isSingleMeasure = true
        case let (nil, measures?):
            self.measures = measures
            isSingleMeasure = false
        case (nil, nil): throw QueryError.invalid("give a 'measure' or 'measures'")
        case (_?, _?): throw QueryError.invalid("give either 'measure' or 'measures', not both")
        }
        formula = try c.decodeIfPresent(String.self, forKey: .formula)
        time = try c.decodeIfPresent(TimeSpec.self, forKey: .time)
        filters = try c.decodeIfPresent([FilterSpec].self, forKey: .filters) ?? []
        groupBy = try c.decodeIfPresent([String].self, forKey: .groupBy) ?? []
        currency = try c.decodeIfPresent(String.self, forKey: .currency)
    }
}

extension MeasureSpec: Decodable {
    enum Keys: String, CodingKey, CaseIterable { case aggregate, field, filters }

    public init(from decoder: any Decoder) throws {
        try refuseUnknownKeys(decoder, Keys.self, in: "a measure")
        let c = try decoder.container(keyedBy: Keys.self)
        aggregate = try c.decode(String.self, forKey: .aggregate)
        field = try c.decodeIfPresent(String.self, forKey: .field)
        filters = try c.decodeIfPresent([FilterSpec].self, forKey: .filters) ?? []
    }
}

extension TimeSpec: Decodable {
    enum Keys: String, CodingKey, CaseIterable { case field, from, to, interval }

    public init(from decoder: any Decoder) throws {
        try refuseUnknownKeys(decoder, Keys.self, in: "'time'")
        let c = try decoder.container(keyedBy: Keys.self)
        field = try c.decode(String.self, forKey: .field)
        from = try c.decodeIfPresent(String.self, forKey: .from)
        to = try c.decodeIfPresent(String.self, forKey: .to)
        interval = try c.decodeIfPresent(String.self, forKey: .interval)
    }
}

extension FilterSpec: Decodable {
    enum Keys: String, CodingKey, CaseIterable { case field, op, value }

    public init(from decoder: any Decoder) throws {
        try refuseUnknownKeys(decoder, Keys.self, in: "a filter")
        let c = try decoder.container(keyedBy: Keys.self)
        field = try c.decode(String.self, forKey: .field)
        op = try c.decode(String.self, forKey: .op)
        // `"value": null` and no value are the same: isNull/notNull need none, others refuse both.
        value = try c.decodeIfPresent(FilterValue.self, forKey: .value).flatMap { $0 == .null ? nil : $0 }
    }
}

extension FilterValue: Decodable {
    public init(from decoder: any Decoder) throws {
        if var list = try? decoder.unkeyedContainer() {
            var items: [FilterValue] = []
            while !list.isAtEnd { items.append(try list.decode(FilterValue.self)) }
            self = .list(items)
            return
        }
        let c = try decoder.singleValueContainer()
        if c.decodeNil() {
            self = .null
        } else if let bool = try? c.decode(Bool.self) {
            self = .bool(bool)
        } else if let whole = try? c.decode(Int64.self) {
            self = .number(String(whole))
        } else if let number = try? c.decode(Double.self) {
            guard number.isFinite else { throw QueryError.invalid("a filter value is not a finite number") }
            self = .number(String(number))
        } else if let text = try? c.decode(String.self) {
            self = .string(text)
        } else {
            throw QueryError.invalid("a filter value must be a string, number, boolean, null or a list of them")
        }
    }
}

/// Any key name, to list what an object holds.
private struct AnyKey: CodingKey {
    var stringValue: String
    var intValue: Int? { nil }
    init(stringValue: String) { self.stringValue = stringValue }
    init?(intValue: Int) { nil }
}

private func refuseUnknownKeys<K: CodingKey & CaseIterable & RawRepresentable>(_ decoder: any Decoder, _: K.Type, in place: String) throws
where K.RawValue == String {
    let known = Set(K.allCases.map(\.rawValue))
    let keys = try decoder.container(keyedBy: AnyKey.self).allKeys.map(\.stringValue)
    if let unknown = keys.sorted().first(where: { !known.contains($0) }) {
        throw QueryError.invalid("unknown key '\(unknown)' in \(place); expected \(K.allCases.map(\.rawValue).joined(separator: ", "))")
    }
}
