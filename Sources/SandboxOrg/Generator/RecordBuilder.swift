import SOQL

/// Field positions of a producer's output in its object's describe order, plus the values a
/// record starts with (false for non-nillable checkboxes).
struct Layout: Sendable {
    let slots: [Int]
    let fieldCount: Int
    /// Fields that start as `false` instead of null.
    let falseSlots: [Int]

    init(schema: ObjectSchema, names: [String]) {
        slots = names.map { schema.fieldIndex(named: $0) ?? -1 }
        fieldCount = schema.fields.count
        falseSlots = schema.fields.indices.filter { schema.fields[$0].type == .boolean && !schema.fields[$0].nillable }
    }

    /// A fresh record of defaults. Filled rather than copied from a template: copying an array
    /// of enums with String payloads goes element by element through value witnesses.
    var defaults: [SOQLValue] {
        var values = [SOQLValue](repeating: .null, count: fieldCount)
        for slot in falseSlots { values[slot] = .boolean(false) }
        return values
    }
}

/// Where a producer puts a record's fields. Producers always put the same fields in the same
/// order, so the k-th `put` goes to the k-th slot of the layout, learnt once by running the
/// producer in naming mode. Values go straight into the record's array: building a list of
/// (name, value) pairs and scattering it cost more than generating the values.
struct RecordBuilder {
    private(set) var values: [SOQLValue]
    private(set) var names: [String] = []
    private let slots: [Int]
    private let isNaming: Bool
    private var k = 0

    init(layout: Layout) {
        values = layout.defaults
        slots = layout.slots
        isNaming = false
    }

    private init() {
        values = []
        slots = []
        isNaming = true
    }

    /// A builder that only records the field names (to make a `Layout`).
    static func naming() -> RecordBuilder { RecordBuilder() }

    /// The name is only evaluated when naming, so computed names (`"\(prefix)City"`) cost
    /// nothing per record.
    mutating func put(_ name: @autoclosure () -> String, _ value: SOQLValue) {
        if isNaming {
            names.append(name())
            return
        }
        if k < slots.count, slots[k] >= 0 { values[slots[k]] = value }
        k += 1
    }
}
