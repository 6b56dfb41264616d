import SalesforceKit
import Warehouse

/// From an object's describe to its warehouse table: names, types, and the replication key.
public enum SchemaMapping {
    public static func tableName(for object: String) -> String { WarehouseNames.table(forObject: object) }

    /// Field types that cannot be copied by a query: compound values are copied as their
    /// components (which describe lists too), and Bulk API 2.0 refuses base64.
    static let skippedTypes: Set<String> = ["address", "location", "base64"]

    /// Every copyable field of the object as a column, `id` first.
    public static func columns(of describe: ObjectDescribe) -> [ColumnSpec] {
        var columns: [ColumnSpec] = []
        for field in describe.fields where !skippedTypes.contains(field.type) {
            let column = ColumnSpec(
                name: WarehouseNames.column(forField: field.name), sourceName: field.name, type: ColumnType(salesforceType: field.type),
                salesforceType: field.type, isFormula: field.calculated)
            if column.name == "id" { columns.insert(column, at: 0) } else { columns.append(column) }
        }
        return columns
    }

    /// What the analyses keep of a field's describe: its label, a lookup's relationship and
    /// targets, a picklist's active values in describe's order.
    static func detail(_ field: FieldDescribe) -> FieldDetail {
        FieldDetail(label: field.label, relationshipName: field.relationshipName, referenceTo: field.referenceTo,
                    picklist: field.picklistValues.filter(\.active).map(\.value))
    }

    /// The replication method and key a new table starts with: `SystemModstamp`, else
    /// `LastModifiedDate`, else add-date on `CreatedDate`, else the whole table every cycle.
    /// Only a field describe calls `filterable` can be a key: windows are `WHERE key > … AND
    /// key <= …`, which Salesforce refuses on a field that is not.
    public static func defaultReplication(for describe: ObjectDescribe) -> (ReplicationMethod, String?) {
        let names = filterableFields(of: describe)
        for key in ["SystemModstamp", "LastModifiedDate"] where names.contains(key) { return (.modifiedAt, key) }
        if names.contains("CreatedDate") { return (.addDate, "CreatedDate") }
        return (.fullTable, nil)
    }

    /// The fields a `WHERE` clause may use.
    static func filterableFields(of describe: ObjectDescribe) -> Set<String> {
        Set(describe.fields.filter(\.filterable).map(\.name))
    }

    /// Why the object is copied whole every cycle although it has a date a window could use:
    /// describe says none of them can be filtered on. Nil when it is not so.
    public static func fullTableReason(for describe: ObjectDescribe) -> String? {
        guard defaultReplication(for: describe).0 == .fullTable else { return nil }
        let dates = ["SystemModstamp", "LastModifiedDate", "CreatedDate"].filter { name in describe.fields.contains { $0.name == name } }
        guard !dates.isEmpty else { return nil }
        return "copied whole every cycle: \(dates.joined(separator: ", ")) cannot be used in a filter (describe: not filterable)"
    }

    /// The field whose value moves when a record is deleted (for deletes found by `queryAll`);
    /// `fields` are the filterable ones.
    static func deletionStampField(in fields: Set<String>) -> String? {
        ["SystemModstamp", "LastModifiedDate"].first { fields.contains($0) }
    }
}
