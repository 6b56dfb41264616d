import SOQL

/// `--extra-objects N`: N small custom objects (`Extra001__c` …), each with a few fields and a
/// few records, so the org has as many objects as a large customer's (300 with N = 280) for
/// benchmarks and tests of what a cycle costs per object. They come after every other object,
/// so the positions of the usual objects do not move.
enum ExtraObjects {
    /// Records each extra object starts with.
    static let recordsPerObject = 5
    /// Two characters after the `a` of a custom object's key prefix (`a01` is `Invoice__c`).
    static let maxCount = 3_000
    private static let digits = Array("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz")

    static func isExtra(_ name: String) -> Bool { name.hasPrefix("Extra") && name.hasSuffix("__c") }

    static func name(_ k: Int) -> String {
        let digits = String(k)
        return "Extra" + String(repeating: "0", count: max(0, 3 - digits.count)) + digits + "__c"
    }

    /// `a02`, `a03`, … for k = 1, 2, …
    static func keyPrefix(_ k: Int) -> String {
        let n = k + 1
        return "a" + String(digits[n / digits.count]) + String(digits[n % digits.count])
    }

    static func schemas(count: Int) -> [ObjectSchema] {
        (0..<min(max(0, count), maxCount)).map { schema($0 + 1) }
    }

    static func schema(_ k: Int) -> ObjectSchema {
        let label = "Extra \(k)"
        return ObjectSchema(
            name: name(k), label: label, labelPlural: label + "s", keyPrefix: keyPrefix(k),
            fields: FieldSchema.list(
                [
                    .id("Record ID"),
                    .owner(to: ["Group", "User"]),
                    .isDeleted,
                    FieldSchema("Name", .string, label: "\(label) Name", length: 80, nillable: false, nameField: true),
                ],
                FieldSchema.audit,
                [
                    FieldSchema("Amount__c", .currency, precision: 16, scale: 2),
                    FieldSchema("Status__c", .picklist, label: "Status", picklist: ["Open", "Closed"]),
                    FieldSchema("Due_Date__c", .date),
                    FieldSchema("Active__c", .boolean, nillable: false, defaultedOnCreate: true, defaultValue: "false"),
                ]
            )
        )
    }
}

extension GeneratorContext {
    /// Record i of an extra object: created in the year before `asOf`, some modified since.
    func extraRecords(_ schema: ObjectSchema) -> Make {
        let prefix = schema.keyPrefix ?? "a00"
        let stream = 0x4558_5452 &+ UInt64(truncatingIfNeeded: prefix.stableHash)
        return { i, b in
            var r = random(stream, i)
            let created = asOf - Int64(1 + r.below(365)) * Time.day + Int64(r.below(86_400)) * 1000
            let modified = r.chance(0.5) ? min(asOf, created + Int64(r.below(30 * 86_400)) * 1000) : created
            let owner = user(r.below(max(1, plan.users)))
            b.put("Id", .string(SalesforceID.make(prefix: prefix, index: i))); b.put("OwnerId", owner)
            b.put("Name", .string("\(schema.label) #\(i + 1)"))
            b.put("Amount__c", .number(Double(r.int(100...100_000))))
            b.put("Status__c", .string(r.chance(0.7) ? "Open" : "Closed"))
            b.put("Due_Date__c", .date(Time.days(created) + Int32(r.below(90))))
            b.put("Active__c", .boolean(r.chance(0.8)))
            audit(into: &b, created: created, modified: modified, by: owner)
        }
    }
}

extension String {
    /// FNV-1a of the UTF-8 bytes: a hash that is the same in every process (Swift's is seeded).
    var stableHash: UInt64 {
        var h: UInt64 = 0xcbf2_9ce4_8422_2325
        for b in utf8 { h = (h ^ UInt64(b)) &* 0x100_0000_01b3 }
        return h
    }
}
