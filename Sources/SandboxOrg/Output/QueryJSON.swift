import SOQL

/// Writes query result records: selected fields in SELECT order, relationship fields nested
/// under their relationship (`"Owner": {"attributes": …, "Name": …}`), `null` for an empty lookup.
struct QueryJSON {
    /// The SELECT list as a tree: leaves are columns, inner nodes relationships.
    final class Node {
        var entries: [(key: String, column: Int?, child: Node?)] = []
    }

    let root: Node

    init(_ bound: BoundQuery) {
        root = Node()
        for (i, column) in bound.columns.enumerated() {
            var node = root
            for hop in column.relationshipPath {
                if let existing = node.entries.first(where: { $0.key == hop && $0.child != nil })?.child {
                    node = existing
                } else {
                    let child = Node()
                    node.entries.append((hop, nil, child))
                    node = child
                }
            }
            node.entries.append((column.name, i, nil))
        }
    }

    func write(_ row: OrgRow, bound: BoundQuery, version: String, into out: inout [UInt8]) {
        write(row, node: root, version: version, into: &out)
    }

    private func write(_ row: OrgRow, node: Node, version: String, into out: inout [UInt8]) {
        let schema = row.snapshot.catalog.schemas[row.object]
        out.append(UInt8(ascii: "{"))
        RecordJSON.writeAttributes(type: schema.name, id: row.id.isEmpty ? nil : row.id, version: version, into: &out)
        for entry in node.entries {
            out.append(UInt8(ascii: ","))
            JSON.writeString(entry.key, into: &out)
            out.append(UInt8(ascii: ":"))
            if let child = entry.child {
                if let lookup = schema.relationshipIndex(named: entry.key), let parent = row.parent(through: lookup) {
                    write(parent, node: child, version: version, into: &out)
                } else {
                    out.append(contentsOf: "null".utf8)
                }
            } else if let column = entry.column, let index = schema.fieldIndex(named: entry.key) {
                _ = column
                RecordJSON.writeField(index, of: row, schema: schema, into: &out)
            } else {
                out.append(contentsOf: "null".utf8)
            }
        }
        out.append(UInt8(ascii: "}"))
    }
}
