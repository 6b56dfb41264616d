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
        let make: GeneratorContext.Make
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
                var naming = RecordBuilder.naming()
                make(0, &naming)
                producers.append(Producer(layout: Layout(schema: schema, names: naming.names), make: make))
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
        var builder = RecordBuilder(layout: producer.layout)
        producer.make(index, &builder)
        return builder.values
    }
}
