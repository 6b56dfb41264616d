import SOQL

/// The SOQL of an update cycle. Field and object names come from describe (never from users),
/// and window bounds are whole UTC seconds written as unquoted datetime literals.
enum SOQLBuilder {
    static func select(_ fields: [String], from object: String, where conditions: [String] = []) -> String {
        var soql = "SELECT " + fields.joined(separator: ", ") + " FROM " + object
        if !conditions.isEmpty { soql += " WHERE " + conditions.joined(separator: " AND ") }
        return soql
    }

    static func count(from object: String, where conditions: [String] = []) -> String {
        select(["COUNT()"], from: object, where: conditions)
    }

    /// `key > from AND key <= to`: windows are half-open so consecutive windows never overlap
    /// except by the deliberate lookback.
    static func window(_ key: String, from: Int64?, to: Int64) -> [String] {
        var conditions: [String] = []
        if let from { conditions.append("\(key) > \(UTCSeconds.literal(from))") }
        conditions.append("\(key) <= \(UTCSeconds.literal(to))")
        return conditions
    }
}

/// Whole seconds since 1970 in UTC, written and read as `2024-01-02T03:04:05Z` (what SOQL takes
/// as a datetime literal and what the checkpoint keeps, so a person can read it).
public enum UTCSeconds {
    public static func literal(_ seconds: Int64) -> String {
        SOQLDate.formatWholeSeconds(seconds * 1000)
    }

    /// Reads Salesforce's datetimes (`…Z`, `…+0000`) and this type's literals.
    public static func parse(_ text: String) -> Int64? {
        SOQLDate.parseDateTime(text).map { SOQLDate.floorDivide($0, 1000) }
    }
}
