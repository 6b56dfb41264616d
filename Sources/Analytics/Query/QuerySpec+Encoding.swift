/// The JSON a spec decodes from, so a saved report keeps its query as the API takes it: the
/// single `measure` form stays single, and absent keys stay absent.
extension QuerySpec: Encodable {
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: Keys.self)
        try c.encode(object, forKey: .object)
        if isSingleMeasure, let measure = measures["value"], measures.count == 1 {
            try c.encode(measure, forKey: .measure)
        } else {
            try c.encode(measures, forKey: .measures)
        }
        try c.encodeIfPresent(formula, forKey: .formula)
        try c.encodeIfPresent(time, forKey: .time)
        if !filters.isEmpty { try c.encode(filters, forKey: .filters) }
        if !groupBy.isEmpty { try c.encode(groupBy, forKey: .groupBy) }
        try c.encodeIfPresent(currency, forKey: .currency)
    }
}

extension MeasureSpec: Encodable {
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: Keys.self)
        try c.encode(aggregate, forKey: .aggregate)
        try c.encodeIfPresent(field, forKey: .field)
        if !filters.isEmpty { try c.encode(filters, forKey: .filters) }
    }
}

extension TimeSpec: Encodable {
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: Keys.self)
        try c.encode(field, forKey: .field)
        try c.encodeIfPresent(from, forKey: .from)
        try c.encodeIfPresent(to, forKey: .to)
        try c.encodeIfPresent(interval, forKey: .interval)
    }
}

extension FilterSpec: Encodable {
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: Keys.self)
        try c.encode(field, forKey: .field)
        try c.encode(op, forKey: .op)
        try c.encodeIfPresent(value, forKey: .value)
    }
}

extension FilterValue: Encodable {
    public func encode(to encoder: any Encoder) throws {
        switch self {
        case .list(let items):
            var c = encoder.unkeyedContainer()
            for item in items { try c.encode(item) }
        case .string(let s):
            var c = encoder.singleValueContainer()
            try c.encode(s)
        case .number(let n):
            // The text of a whole number or a finite Double, as decoding kept it.
            var c = encoder.singleValueContainer()
            if let whole = Int64(n) { try c.encode(whole) } else if let d = Double(n), d.isFinite { try c.encode(d) } else { try c.encode(n) }
        case .bool(let b):
            var c = encoder.singleValueContainer()
            try c.encode(b)
        case .null:
            var c = encoder.singleValueContainer()
            try c.encodeNil()
        }
    }
}
