import SOQL

/// Produces record N of any object from the seed alone. The org's records are a pure function of
/// (config, object, index), so an org of a million records costs no memory until it changes.
final class DataGenerator: Sendable {
    let config: GeneratorConfig
    let schemas: [ObjectSchema]
    let plan: OrgPlan
    /// Base record count per object (index-aligned with `schemas`).
    let counts: [Int]
    private let producers: [Producer?]

    /// One object's record function, with its field positions resolved once.
    struct Producer: Sendable {
        let layout: Layout
        let make: @Sendable (Int) -> [(String, SOQLValue)]
    }

    init(config: GeneratorConfig, schemas: [ObjectSchema]) {
        self.config = config
        self.schemas = schemas
        let plan = OrgPlan(config: config)
        self.plan = plan
        let context = GeneratorContext(config: config, plan: plan, schemas: schemas)
        var counts: [Int] = []
        var producers: [Producer?] = []
        for schema in schemas {
            if let (count, make) = context.producer(for: schema.name) {
                counts.append(count)
                producers.append(Producer(layout: Layout(schema: schema, names: make(0).map(\.0)), make: make))
            } else {
                counts.append(0)
                producers.append(nil)
            }
        }
        self.counts = counts
        self.producers = producers
    }

    func record(object: Int, index: Int) -> [SOQLValue] {
        guard let producer = producers[object] else { return [] }
        return producer.layout.scatter(producer.make(index))
    }
}

/// Field positions of a producer's output in its object's describe order, plus the values a
/// record starts with (false for non-nillable checkboxes).
struct Layout: Sendable {
    let slots: [Int]
    let defaults: [SOQLValue]

    init(schema: ObjectSchema, names: [String]) {
        slots = names.map { schema.fieldIndex(named: $0) ?? -1 }
        var defaults = [SOQLValue](repeating: .null, count: schema.fields.count)
        for (i, f) in schema.fields.enumerated() where f.type == .boolean && !f.nillable { defaults[i] = .boolean(false) }
        self.defaults = defaults
    }

    func scatter(_ pairs: [(String, SOQLValue)]) -> [SOQLValue] {
        var out = defaults
        for k in 0..<min(slots.count, pairs.count) where slots[k] >= 0 { out[slots[k]] = pairs[k].1 }
        return out
    }
}
