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
    /// Per object: the slots and types of its wide fields (empty unless `config.wideFields`).
    private let wide: [[(slot: Int, type: FieldType)]]
    /// Per object with `CurrencyIsoCode` (`MultiCurrency`): its slot and the currency fields' slots.
    private let currency: [(code: Int, amounts: [Int])?]

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
            let extra = ExtraObjects.isExtra(schema.name) ? (ExtraObjects.recordsPerObject, context.extraRecords(schema)) : nil
            if let (count, make) = extra ?? context.producer(for: schema.name) {
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
        self.currency = schemas.map { schema in
            guard let code = schema.fieldIndex(named: MultiCurrency.field) else { return nil }
            return (code, schema.fields.indices.filter { schema.fields[$0].type == .currency })
        }
        let wideCount = config.wideFields
        self.wide = schemas.map { schema in
            guard wideCount > 0, WideFields.objects.contains(schema.name), schema.fields.count >= wideCount else { return [] }
            return (schema.fields.count - wideCount..<schema.fields.count).map { ($0, schema.fields[$0].type) }
        }
    }

    func record(object: Int, index: Int) -> [SOQLValue] {
        guard let producer = producers[object] else { return [] }
        var builder = RecordBuilder(layout: producer.layout)
        producer.make(index, &builder)
        var values = builder.values
        if let slots = currency[object] {
            // A stream of its own, so the other fields come out exactly as in one currency.
            var random = RecordRandom(seed: config.seed, stream: 0x4355_5252 &+ UInt64(object), index: index)
            let chosen = MultiCurrency.pick(&random)
            values[slots.code] = .string(chosen.code)
            for slot in slots.amounts {
                switch values[slot] {
                case .number(let amount): values[slot] = .number(MultiCurrency.convert(amount, to: chosen))
                case .integer(let amount): values[slot] = .number(MultiCurrency.convert(Double(amount), to: chosen))
                default: break
                }
            }
        }
        guard !wide[object].isEmpty else { return values }
        // A stream of its own, so the usual fields come out exactly as without wide fields.
        var random = RecordRandom(seed: config.seed, stream: 0x5749_4445 &+ UInt64(object), index: index)
        let asOfDay = Time.days(config.asOf)
        for (slot, type) in wide[object] { values[slot] = WideFields.value(type, random: &random, asOfDay: asOfDay) }
        return values
    }
}
