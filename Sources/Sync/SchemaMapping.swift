import SalesforceKit
import Warehouse

/// From an object's describe to its warehouse table: names, types, and the replication key.
public enum SchemaMapping {
    public static func tableName(for object: String) -> String { "sf_" + object.lowercased() }

    /// Field types that cannot be copied by a query: compound values are copied as their
    /// components (which describe lists too), and Bulk API 2.0 refuses base64.
    static let skippedTypes: Set<String> = ["address", "location", "base64"]

    /// Every copyable field of the object as a column, `id` first.
    public static func columns(of describe: ObjectDescribe) -> [ColumnSpec] {
        var columns: [ColumnSpec] = []
        for field in describe.fields where !skippedTypes.contains(field.type) {
            let column = ColumnSpec(
                name: field.name.lowercased(), sourceName: field.name, type: ColumnType(salesforceType: field.type),
                salesforceType: field.type, isFormula: field.calculated)
            if column.name == "id" { columns.insert(column, at: 0) } else { columns.append(column) }
        }
        return columns
    }

    /// The replication method and key a new table starts with: `SystemModstamp`, else
    /// `LastModifiedDate`, else add-date on `CreatedDate`, else the whole table every cycle.
    public static func defaultReplication(for describe: ObjectDescribe) -> (ReplicationMethod, String?) {
        let names = Set(describe.fields.map(\.name))
        for key in ["SystemModstamp", "LastModifiedDate"] where names.contains(key) { return (.modifiedAt, key) }
        if names.contains("CreatedDate") { return (.addDate, "CreatedDate") }
        return (.fullTable, nil)
    }

    /// The field whose value moves when a record is deleted (for deletes found by `queryAll`).
    static func deletionStampField(in fields: Set<String>) -> String? {
        ["SystemModstamp", "LastModifiedDate"].first { fields.contains($0) }
    }
}
