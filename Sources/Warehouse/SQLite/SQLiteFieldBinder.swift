import GRDBSQLite
import Rows

/// Binds RowBatch fields to a prepared statement, converted per column type, straight from the
/// batch's bytes: no String per field on the load path.
///
/// Text is bound with SQLITE_STATIC (no copy), so the batch's buffer must outlive every step;
/// `SQLiteWarehouse` binds inside `RowBatch.withBytes` and clears the bindings afterwards.
struct SQLiteFieldBinder: ~Copyable {
    private let statement: OpaquePointer
    private let bytes: UnsafeBufferPointer<UInt8>
    /// One normalised datetime per parameter, reused row after row.
    private let scratch: UnsafeMutablePointer<UInt8>

    init(statement: OpaquePointer, bytes: UnsafeBufferPointer<UInt8>, parameterCount: Int) {
        self.statement = statement
        self.bytes = bytes
        self.scratch = .allocate(capacity: parameterCount * DatetimeText.normalizedLength)
    }

    deinit { scratch.deallocate() }

    /// Binds the field at `span` as parameter `index` (1-based) of `type`.
    func bind(_ span: RowBatch.Span, as type: ColumnType, at index: Int32) -> Int32 {
        guard !span.isNull else { return sqlite3_bind_null(statement, index) }
        let field = UnsafeBufferPointer(rebasing: bytes[Int(span.start)..<Int(span.start + span.length)])
        switch type {
        case .text, .date, .time:
            return bindText(field, at: index)
        case .integer:
            if field.isEmpty { return sqlite3_bind_null(statement, index) }
            if let value = NumberText.parseInteger(field) { return sqlite3_bind_int64(statement, index, value) }
            return bindText(field, at: index)
        case .real:
            if field.isEmpty { return sqlite3_bind_null(statement, index) }
            if let value = NumberText.parseReal(field) { return sqlite3_bind_double(statement, index, value) }
            return bindText(field, at: index)
        case .boolean:
            if field.isEmpty { return sqlite3_bind_null(statement, index) }
            if let value = BooleanText.parse(field) { return sqlite3_bind_int64(statement, index, value) }
            return bindText(field, at: index)
        case .datetime:
            if field.isEmpty { return sqlite3_bind_null(statement, index) }
            let out = scratch + Int(index - 1) * DatetimeText.normalizedLength
            guard DatetimeText.normalize(field, into: out) else { return bindText(field, at: index) }
            return out.withMemoryRebound(to: CChar.self, capacity: DatetimeText.normalizedLength) {
                sqlite3_bind_text(statement, index, $0, Int32(DatetimeText.normalizedLength), nil)
            }
        }
    }

    /// Binds a whole-batch String (`_synced_at`) by copy.
    func bind(_ text: String, at index: Int32) -> Int32 {
        sqlite3_bind_text(statement, index, text, -1, SQLiteFieldBinder.transient)
    }

    private func bindText(_ field: UnsafeBufferPointer<UInt8>, at index: Int32) -> Int32 {
        guard let base = field.baseAddress, !field.isEmpty else {
            // An empty string, not NULL: a nil pointer would bind NULL.
            return sqlite3_bind_text(statement, index, "", 0, SQLiteFieldBinder.transient)
        }
        // A nil destructor is SQLITE_STATIC: SQLite reads our bytes without copying them.
        return base.withMemoryRebound(to: CChar.self, capacity: field.count) {
            sqlite3_bind_text(statement, index, $0, Int32(field.count), nil)
        }
    }

    /// SQLITE_TRANSIENT, which the C macro spells as a cast of -1.
    static var transient: sqlite3_destructor_type { unsafeBitCast(-1, to: sqlite3_destructor_type.self) }
}
