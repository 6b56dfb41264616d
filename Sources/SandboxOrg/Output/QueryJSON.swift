import Foundation
import SOQL

/// Writes query result records: selected fields in SELECT order, relationship fields nested
/// under their relationship (`"Owner": {"attributes": …, "Name": …}`), `null` for an empty lookup.
enum QueryJSON {
    static func write(_ row: OrgRow, bound: BoundQuery, version: String, into out: inout [UInt8]) {
        write(row, nodes: bound.outputTree, bound: bound, version: version, into: &out)
    }

    private static func write(_ row: OrgRow, nodes: [BoundQuery.OutputNode], bound: BoundQuery, version: String, into out: inout [UInt8]) {
        let schema = row.snapshot.catalog.schemas[row.object]
        out.append(UInt8(ascii: "{"))
        RecordJSON.writeAttributes(type: schema.name, id: row.id.isEmpty ? nil : row.id, version: version, into: &out)
        for node in nodes {
            out.append(UInt8(ascii: ","))
            switch node {
            case .column(let i):
                let column = bound.columns[i]
                JSON.writeString(column.name, into: &out)
                out.append(UInt8(ascii: ":"))
                if column.field.kind == .compound, let index = schema.fieldIndex(named: column.name) {
                    RecordJSON.writeField(index, of: row, schema: schema, into: &out)
                } else {
                    ValueWriter.writeJSON(bound.leafValue(ofColumn: i, in: row), into: &out)
                }
            case .relationship(let name, let lookup, let children):
                JSON.writeString(name, into: &out)
                out.append(UInt8(ascii: ":"))
                if let parent = row.parent(through: lookup) {
                    write(parent, nodes: children, bound: bound, version: version, into: &out)
                } else {
                    out.append(contentsOf: "null".utf8)
                }
            }
        }
        out.append(UInt8(ascii: "}"))
    }

    /// An aggregate query's single row: `{"attributes": {"type": "AggregateResult"}, "expr0": …}`.
    static func aggregateRow(_ bound: BoundQuery, results: [SOQLValue]) -> [UInt8] {
        var out: [UInt8] = Array("{\"attributes\":{\"type\":\"AggregateResult\"}".utf8)
        for (aggregate, value) in zip(bound.aggregates, results) {
            out.append(UInt8(ascii: ","))
            JSON.writeString(aggregate.alias, into: &out)
            out.append(UInt8(ascii: ":"))
            ValueWriter.writeJSON(value, into: &out)
        }
        out.append(UInt8(ascii: "}"))
        return out
    }
}
