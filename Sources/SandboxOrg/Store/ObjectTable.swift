import SOQL

/// A changed record: the values readers see from `visibleFrom` on, and what they saw before.
/// `previous == nil` with `visibleFrom` in the future hides a record that was just created.
struct RecordVersion: Sendable {
    var values: [SOQLValue]
    var visibleFrom: Int64
    var previous: [SOQLValue]?
    var existedBefore: Bool
}

/// The records of one object: indices `0..<baseCount` are generated on demand from the seed,
/// indices up to `count` were created at run time, and `versions` overlays every change.
/// A plain value type, so a reader takes a consistent snapshot by copying it (copy on write).
struct ObjectTable: Sendable {
    var baseCount: Int
    var count: Int
    var versions: [Int: RecordVersion] = [:]
    /// Soft-deleted records (in the recycle bin) and when they were deleted.
    var deleted: [Int: Int64] = [:]
    /// Hard-deleted records (purged from the recycle bin): invisible even to queryAll.
    var purged: Set<Int> = []
    /// Every delete, for `/sobjects/X/deleted` (Salesforce keeps this log for 15 days).
    var deleteLog: [(index: Int, at: Int64)] = []

    init(baseCount: Int) {
        self.baseCount = baseCount
        self.count = baseCount
    }
}
