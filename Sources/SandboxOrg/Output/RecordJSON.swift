import Foundation
import SOQL

/// REST JSON of records: `attributes`, then the fields in describe (or SELECT) order, compound
/// address and location fields assembled from their components.
enum RecordJSON {
    /// Where a compound field's components are, keyed as Salesforce prints them (`city`, `latitude`).
    static func components(of compound: String, in schema: ObjectSchema) -> [(key: String, index: Int)] {
        let prefix = compound.hasSuffix("Address") ? String(compound.dropLast("Address".count)) : ""
        return schema.fields.enumerated().compactMap { i, f in
            guard f.compoundFieldName == compound else { return nil }
            var name = f.name
            if name.hasSuffix("__s"), let range = name.range(of: "__", options: .backwards, range: name.startIndex..<name.index(name.endIndex, offsetBy: -3)) {
                name = String(name[range.upperBound...].dropLast(3))
            } else if name.hasPrefix(prefix) {
                name = String(name.dropFirst(prefix.count))
            }
            guard let first = name.first else { return nil }
            return (first.lowercased() + name.dropFirst(), i)
        }
    }

    static func writeAttributes<Out: ByteOutput & ~Copyable>(type: String, id: String?, version: String, into out: inout Out) {
        out.put("\"attributes\":{\"type\":")
        JSON.writeString(type, into: &out)
        if let id {
            // Appended piece by piece: an interpolated String per record shows up in profiles.
            out.put(",\"url\":\"/services/data/v")
            out.put(utf8: version)
            out.put("/sobjects/")
            out.put(utf8: type)
            out.put(UInt8(ascii: "/"))
            out.put(utf8: id)
            out.put(UInt8(ascii: "\""))
        }
        out.put(UInt8(ascii: "}"))
    }

    /// Writes the value of field `index` of `row`, assembling compound fields.
    static func writeField<Out: ByteOutput & ~Copyable>(_ index: Int, of row: OrgRow, schema: ObjectSchema, into out: inout Out) {
        let field = schema.fields[index]
        guard field.type == .address || field.type == .location else {
            ValueWriter.writeJSON(row.value(at: index), into: &out)
            return
        }
        let parts = components(of: field.name, in: schema)
        guard parts.contains(where: { !row.value(at: $0.index).isNull }) else {
            out.put("null")
            return
        }
        out.put(UInt8(ascii: "{"))
        for (k, part) in parts.sorted(by: { $0.key < $1.key }).enumerated() {
            if k > 0 { out.put(UInt8(ascii: ",")) }
            JSON.writeString(part.key, into: &out)
            out.put(UInt8(ascii: ":"))
            ValueWriter.writeJSON(row.value(at: part.index), into: &out)
        }
        out.put(UInt8(ascii: "}"))
    }

    /// `GET /sobjects/{name}/{id}`: every field (or those of `?fields=`).
    static func record(_ row: OrgRow, schema: ObjectSchema, fields: [Int]?, version: String) -> JSON {
        var out: [UInt8] = [UInt8(ascii: "{")]
        writeAttributes(type: schema.name, id: row.id, version: version, into: &out)
        for i in fields ?? Array(schema.fields.indices) {
            out.append(UInt8(ascii: ","))
            JSON.writeString(schema.fields[i].name, into: &out)
            out.append(UInt8(ascii: ":"))
            writeField(i, of: row, schema: schema, into: &out)
        }
        out.append(UInt8(ascii: "}"))
        return .raw(out)
    }
}
