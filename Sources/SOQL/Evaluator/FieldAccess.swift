/// How to read one bound field from a row: follow lookups by index, then read the last field.
/// A polymorphic last hop (`Who.Name`) has one candidate index per possible parent object and is
/// resolved from the parent row's `objectName`.
@usableFromInline
struct FieldAccess: Sendable {
    /// Lookup field indices to follow, from the queried object outwards.
    @usableFromInline let lookups: [Int]
    /// The field's index when the object holding it is known at bind time, else -1.
    @usableFromInline let index: Int
    /// For a polymorphic last hop: the candidate objects and the field's index in each.
    @usableFromInline let candidateObjects: [String]
    @usableFromInline let candidateIndices: [Int]

    init(lookups: [Int], index: Int) {
        self.lookups = lookups
        self.index = index
        self.candidateObjects = []
        self.candidateIndices = []
    }

    init(lookups: [Int], candidates: [(object: String, index: Int)]) {
        self.lookups = lookups
        self.index = -1
        self.candidateObjects = candidates.map(\.object)
        self.candidateIndices = candidates.map(\.index)
    }

    /// The row holding the field: `row` itself, or the parent reached through the lookups.
    @inlinable
    func target<R: SOQLRow>(from row: R) -> R? {
        var current = row
        for lookup in lookups {
            guard let parent = current.parent(through: lookup) else { return nil }
            current = parent
        }
        return current
    }

    /// The row reached after `hops` lookups (1 = the first parent).
    @inlinable
    func parent<R: SOQLRow>(after hops: Int, from row: R) -> R? {
        var current = row
        for lookup in lookups.prefix(hops) {
            guard let parent = current.parent(through: lookup) else { return nil }
            current = parent
        }
        return current
    }

    /// The field's value in the row that holds it (the end of the lookup path).
    @inlinable
    func leafValue<R: SOQLRow>(in holder: R) -> SOQLValue {
        if index >= 0 { return holder.value(at: index) }
        let name = holder.objectName
        for (k, object) in candidateObjects.enumerated() where object == name {
            return holder.value(at: candidateIndices[k])
        }
        for (k, object) in candidateObjects.enumerated() where TextCompare.compare(object, name) == 0 {
            return holder.value(at: candidateIndices[k])
        }
        return .null
    }

    @inlinable
    func read<R: SOQLRow>(_ row: R) -> SOQLValue {
        if lookups.isEmpty, index >= 0 { return row.value(at: index) }
        guard let holder = target(from: row) else { return .null }
        return leafValue(in: holder)
    }
}
