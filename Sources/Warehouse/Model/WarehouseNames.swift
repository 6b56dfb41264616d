import Crypto
import Foundation

/// The names Salesforce objects and fields get in the warehouse: `sf_` and the object's API name
/// in lower case for a table, the field's API name in lower case for a column.
///
/// PostgreSQL keeps 63 bytes of a name and silently cuts the rest, so two long names sharing
/// their first 63 bytes would become one table (or one column twice, and the table fails). A
/// managed package's history and share objects reach that length (`sf_` + a 15-character
/// namespace + a 40-character name + `__history`). A longer name keeps its first 54 bytes and
/// ends in `_` and 8 hex digits of the SHA-256 of the whole name: deterministic, so every
/// process, backend and `tributary move` derive the same name; the catalog keeps each column's
/// Salesforce name beside it, and the Data Warehouse Manager shows both. Names of 63 bytes or
/// fewer are unchanged. SQLite has no such limit, but uses the same names, so a warehouse can
/// move between the two.
public enum WarehouseNames {
    /// PostgreSQL's `NAMEDATALEN` less one.
    public static let maxBytes = 63

    /// What every synced object's table name starts with.
    public static let tablePrefix = "sf_"

    public static func table(forObject object: String) -> String { fitting(tablePrefix + object.lowercased()) }

    public static func column(forField field: String) -> String { fitting(field.lowercased()) }

    /// `name`, or its shortened form when it is longer than `maxBytes` (names are ASCII:
    /// letters, digits and underscores).
    public static func fitting(_ name: String) -> String {
        let bytes = Array(name.utf8)
        guard bytes.count > maxBytes else { return name }
        let digest = SHA256.hash(data: bytes)
        let suffix = digest.prefix(4).map { String(format: "%02x", $0) }.joined()
        return String(decoding: bytes.prefix(maxBytes - 9), as: UTF8.self) + "_" + suffix
    }
}
