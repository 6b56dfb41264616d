import Foundation
import SOQL

/// Writes query result records: selected fields in SELECT order, relationship fields nested
/// under their relationship (`"Owner": {"attributes": …, "Name": …}`), `null` for an empty lookup.
/// The SELECT list is turned once per page into steps with their keys already encoded, so the
/// per-record loop only appends bytes (REST pages of 2,000 wide records are the hot path).
struct QueryJSON: Sendable {
    indirect enum Step: Sendable {
        case column(key: [UInt8], column: Int, compound: String?)
        case relationship(key: [UInt8], lookup: Int, steps: [Step])
    }

    let bound: BoundQuery
    let steps: [Step]
    let version: String
    /// A top-level column without relationships or compound fields: its key's bytes in `keyBytes`
    /// and where its value is. Plain values, so the per-record loop copies no references.
    struct FlatColumn: Sendable {
        var keyStart: Int
        var keyEnd: Int
        /// Position in the row for a field of the FROM object, else -1 (read through the query).
        var position: Int
        var column: Int
    }

    /// The top level as flat columns, or nil when it nests relationships or compound fields.
    private let flat: [FlatColumn]?
    private let keyBytes: [UInt8]
    /// Per object: `"attributes":{"type":"Task","url":"/services/data/vXX.X/sobjects/Task/`, so a
    /// record's attributes cost two appends (its id and the closing `"}`).
    private let attributePrefixes: [[UInt8]]

    init(_ bound: BoundQuery, catalog: OrgCatalog, version: String) {
        self.bound = bound
        self.version = version
        self.steps = QueryJSON.steps(bound.outputTree, bound)
        var keyBytes: [UInt8] = []
        var flat: [FlatColumn]? = []
        for step in steps {
            guard case .column(let key, let column, nil) = step else {
                flat = nil
                break
            }
            let c = bound.columns[column]
            flat?.append(FlatColumn(keyStart: keyBytes.count, keyEnd: keyBytes.count + key.count, position: c.relationshipPath.isEmpty ? c.field.index : -1, column: column))
            keyBytes += key
        }
        self.flat = flat
        self.keyBytes = keyBytes
        self.attributePrefixes = catalog.schemas.map { schema in
            var out: [UInt8] = []
            RecordJSON.writeAttributes(type: schema.name, id: "", version: version, into: &out)
            // Written with an empty id: drop the closing `"}` to leave the prefix.
            out.removeLast(2)
            return out
        }
    }

    private static func key(_ name: String) -> [UInt8] {
        var out: [UInt8] = [UInt8(ascii: ",")]
        JSON.writeString(name, into: &out)
        out.append(UInt8(ascii: ":"))
        return out
    }

    private static func steps(_ nodes: [BoundQuery.OutputNode], _ bound: BoundQuery) -> [Step] {
        nodes.map { node in
            switch node {
            case .column(let i):
                let column = bound.columns[i]
                return .column(key: key(column.name), column: i, compound: column.field.kind == .compound ? column.name : nil)
            case .relationship(let name, let lookup, let children):
                return .relationship(key: key(name), lookup: lookup, steps: steps(children, bound))
            }
        }
    }

    func write<Out: ByteOutput & ~Copyable>(_ row: OrgRow, into out: inout Out) {
        guard let flat else { return write(row, steps: steps, into: &out) }
        writeAttributes(row, into: &out)
        keyBytes.withUnsafeBufferPointer { keys in
            for c in flat {
                out.put(UnsafeBufferPointer(rebasing: keys[c.keyStart..<c.keyEnd]))
                ValueWriter.writeJSON(c.position >= 0 ? row.value(at: c.position) : bound.leafValue(ofColumn: c.column, in: row), into: &out)
            }
        }
        out.put(UInt8(ascii: "}"))
    }

    /// `{"attributes":{…}` of a record.
    private func writeAttributes<Out: ByteOutput & ~Copyable>(_ row: OrgRow, into out: inout Out) {
        out.put(UInt8(ascii: "{"))
        let id = row.id
        if id.isEmpty || row.object >= attributePrefixes.count {
            RecordJSON.writeAttributes(type: row.objectName, id: id.isEmpty ? nil : id, version: version, into: &out)
        } else {
            out.put(attributePrefixes[row.object])
            out.put(utf8: id)
            out.put("\"}")
        }
    }

    private func write<Out: ByteOutput & ~Copyable>(_ row: OrgRow, steps: [Step], into out: inout Out) {
        writeAttributes(row, into: &out)
        for step in steps {
            switch step {
            case .column(let key, let column, let compound):
                out.put(key)
                // The schema is fetched only for compound fields: copying it for every record showed in profiles.
                if let compound {
                    let schema = row.snapshot.catalog.schemas[row.object]
                    if let index = schema.fieldIndex(named: compound) {
                        RecordJSON.writeField(index, of: row, schema: schema, into: &out)
                        continue
                    }
                }
                ValueWriter.writeJSON(bound.leafValue(ofColumn: column, in: row), into: &out)
            case .relationship(let key, let lookup, let children):
                out.put(key)
                if let parent = row.parent(through: lookup) {
                    write(parent, steps: children, into: &out)
                } else {
                    out.put("null")
                }
            }
        }
        out.put(UInt8(ascii: "}"))
    }

    /// An aggregate query's single row: `{"attributes": {"type": "AggregateResult"}, "expr0": …}`.
    static func aggregateRow(_ bound: BoundQuery, results: [SOQLValue]) -> [UInt8] {
        var out: [UInt8] = Array("{\"attributes\":{\"type\":\"AggregateResult\"}".utf8)
        for (aggregate, value) in zip(bound.aggregates, results) {
            out.append(contentsOf: key(aggregate.alias))
            ValueWriter.writeJSON(value, into: &out)
        }
        out.put(UInt8(ascii: "}"))
        return out
    }
}
