extension SOQLQuery {
    /// Resolves names against the catalog (case-insensitively, output in describe casing), type-checks
    /// the WHERE clause and compiles it. `now` (ms since epoch) anchors relative date literals.
    public func bind(to catalog: any SOQLCatalog, now: Int64) throws(SOQLError) -> BoundQuery {
        var binder = Binder(query: self, catalog: catalog, now: now)
        return try binder.bind()
    }
}

/// A field path resolved against the catalog.
struct ResolvedPath {
    var access: FieldAccess
    var field: SOQLField
    var relationshipNames: [String]
    var relationshipObjects: [String?]
    /// The FROM object's field the path starts with (the lookup, for relationship paths).
    var rootField: SOQLField

    var dottedName: String { (relationshipNames + [field.name]).joined(separator: ".") }
}

struct Binder {
    static let customFieldHint =
        "If you are attempting to use a custom field, be sure to append the '__c' after the custom field name. Please reference your WSDL or the describe call for the appropriate names."
    static let customRelationshipHint =
        "If you are attempting to use a custom relationship, be sure to append the '__r' after the custom relationship name. Please reference your WSDL or the describe call for the appropriate names."
    static let customObjectHint =
        "If you are attempting to use a custom object, be sure to append the '__c' after the entity name. Please reference your WSDL or the describe call for the appropriate names."
    /// FIELDS(ALL) and FIELDS(CUSTOM) are unbounded and need a LIMIT at most this.
    static let fieldsFunctionLimit = 200

    let query: SOQLQuery
    let catalog: any SOQLCatalog
    let now: Int64
    private var referencedNames: [String] = []
    private var referencedIndices: [Int] = []

    init(query: SOQLQuery, catalog: any SOQLCatalog, now: Int64) {
        self.query = query
        self.catalog = catalog
        self.now = now
    }

    func error(_ code: String, at offset: Int, _ description: String) -> SOQLError {
        SOQLError(code: code, source: query.source, offset: offset, description: description)
    }

    mutating func bind() throws(SOQLError) -> BoundQuery {
        guard let object = catalog.object(named: query.objectName) else {
            throw error(
                SOQLError.invalidType, at: query.objectOffset,
                "sObject type '\(query.objectName)' is not supported. \(Self.customObjectHint)"
            )
        }
        var columns: [BoundQuery.Column] = []
        var accesses: [FieldAccess] = []
        var aggregates: [BoundQuery.Aggregate] = []
        var selected = Set<String>()
        var isCount = false
        var unaliasedAggregates = 0
        var firstPlainField: (name: String, offset: Int)?

        func add(_ path: ResolvedPath) {
            columns.append(
                BoundQuery.Column(
                    name: path.field.name, dottedName: path.dottedName, relationshipPath: path.relationshipNames,
                    relationshipObjects: path.relationshipObjects, field: path.field
                ))
            accesses.append(path.access)
        }

        for item in query.selectItems {
            switch item {
            case .field(let written):
                let path = try resolve(written, on: object)
                guard selected.insert(path.dottedName.lowercased()).inserted else {
                    throw error(SOQLError.malformedQuery, at: written.offset, "duplicate field selected: \(path.dottedName)")
                }
                if firstPlainField == nil { firstPlainField = (path.dottedName, written.offset) }
                add(path)
            case .countAll(let offset):
                guard query.selectItems.count == 1 else {
                    throw error(SOQLError.malformedQuery, at: offset, "unexpected token: COUNT")
                }
                isCount = true
            case .aggregate(let function, let written, let alias, let offset):
                let path = try resolve(written, on: object)
                try checkAggregate(function, on: path.field, at: offset)
                let name = alias ?? "expr\(unaliasedAggregates)"
                if alias == nil { unaliasedAggregates += 1 }
                aggregates.append(BoundQuery.Aggregate(function: function, alias: name, column: columns.count))
                add(path)
            case .fields(let scope, let offset):
                if scope != .standard, (query.limit ?? Int.max) > Self.fieldsFunctionLimit {
                    throw error(
                        SOQLError.malformedQuery, at: offset,
                        "The SOQL FIELDS function must have a LIMIT of at most \(Self.fieldsFunctionLimit)"
                    )
                }
                for field in object.allFields {
                    let isCustom = field.name.lowercased().hasSuffix("__c")
                    if scope == .custom && !isCustom || scope == .standard && isCustom { continue }
                    guard selected.insert(field.name.lowercased()).inserted else {
                        throw error(SOQLError.malformedQuery, at: offset, "duplicate field selected: \(field.name)")
                    }
                    if firstPlainField == nil { firstPlainField = (field.name, offset) }
                    noteReferenced(field)
                    add(
                        ResolvedPath(
                            access: FieldAccess(lookups: [], index: field.index), field: field, relationshipNames: [],
                            relationshipObjects: [], rootField: field))
                }
            }
        }
        if !aggregates.isEmpty, let plain = firstPlainField {
            throw error(SOQLError.malformedQuery, at: plain.offset, "Field must be grouped or aggregated: \(plain.name)")
        }

        let predicate = try query.condition.map { (condition) throws(SOQLError) in try compile(condition, on: object) }
        var orderKeys: [OrderKey] = []
        for item in query.orderBy {
            let path = try resolve(item.field, on: object)
            guard path.field.sortable, path.field.kind != .compound, path.field.kind != .base64 else {
                throw error(
                    SOQLError.invalidField, at: item.field.offset,
                    "field '\(path.field.name)' can not be sorted in a query call"
                )
            }
            orderKeys.append(
                OrderKey(
                    access: path.access, caseSensitive: path.field.kind == .id, descending: item.descending,
                    nullsFirst: item.nullsFirst ?? !item.descending
                ))
        }

        return BoundQuery(
            object: object, isCount: isCount, aggregates: aggregates, columns: columns,
            outputTree: aggregates.isEmpty ? Self.outputTree(columns: columns, accesses: accesses) : [],
            limit: query.limit, offset: query.offset, referencedFieldNames: referencedNames,
            referencedFieldIndices: referencedIndices, predicate: predicate, accesses: accesses, orderKeys: orderKeys
        )
    }

    private func checkAggregate(_ function: AggregateFunction, on field: SOQLField, at offset: Int) throws(SOQLError) {
        let allowed: Bool
        switch function {
        case .count, .countDistinct: allowed = field.kind != .compound && field.kind != .base64
        case .sum, .avg: allowed = field.kind == .integer || field.kind == .number
        case .min, .max: allowed = [.string, .integer, .number, .date, .dateTime, .time, .id].contains(field.kind)
        }
        if !allowed {
            throw error(
                SOQLError.invalidField, at: offset,
                "field \(field.name) does not support aggregate operator \(function.rawValue)"
            )
        }
    }

    /// Resolves `Owner.Manager.Email` hop by hop. A polymorphic hop (`Who` → Contact, Lead) must be the
    /// last relationship; its field is looked up on every candidate object.
    mutating func resolve(_ path: FieldPath, on root: any SOQLObject) throws(SOQLError) -> ResolvedPath {
        var components = path.components[...]
        // `SELECT Account.Name FROM Account` qualifies a field with the object's own name.
        if components.count > 1, root.relationship(named: components[components.startIndex]) == nil,
            TextCompare.compare(components[components.startIndex], root.name) == 0
        {
            components = components.dropFirst()
        }
        var objects: [any SOQLObject] = [root]
        var lookups: [Int] = []
        var names: [String] = []
        var reached: [String?] = []
        var rootField: SOQLField?
        for name in components.dropLast() {
            guard objects.count == 1, let lookup = objects[0].relationship(named: name), !lookup.referenceTo.isEmpty
            else {
                throw error(
                    SOQLError.invalidField, at: path.offset,
                    "Didn't understand relationship '\(name)' in field path. \(Self.customRelationshipHint)"
                )
            }
            let targets = lookup.referenceTo.compactMap { catalog.object(named: $0) }
            guard !targets.isEmpty else {
                throw error(
                    SOQLError.invalidField, at: path.offset,
                    "Didn't understand relationship '\(name)' in field path. \(Self.customRelationshipHint)"
                )
            }
            if rootField == nil { rootField = lookup }
            lookups.append(lookup.index)
            names.append(lookup.relationshipName ?? name)
            reached.append(lookup.referenceTo.count == 1 ? targets[0].name : nil)
            objects = targets
        }
        let fieldName = components[components.endIndex - 1]
        if reached.last == .some(nil) {
            let candidates = objects.compactMap { object in object.field(named: fieldName).map { (object, $0) } }
            guard let first = candidates.first else {
                // Salesforce binds polymorphic relationships to its `Name` pseudo-entity.
                throw error(
                    SOQLError.invalidField, at: path.offset,
                    "No such column '\(fieldName)' on entity 'Name'. \(Self.customFieldHint)"
                )
            }
            let access = FieldAccess(lookups: lookups, candidates: candidates.map { ($0.0.name, $0.1.index) })
            noteReferenced(rootField ?? first.1)
            return ResolvedPath(
                access: access, field: first.1, relationshipNames: names, relationshipObjects: reached,
                rootField: rootField ?? first.1)
        }
        guard let field = objects[0].field(named: fieldName) else {
            throw error(
                SOQLError.invalidField, at: path.offset,
                "No such column '\(fieldName)' on entity '\(objects[0].name)'. \(Self.customFieldHint)"
            )
        }
        noteReferenced(rootField ?? field)
        return ResolvedPath(
            access: FieldAccess(lookups: lookups, index: field.index), field: field, relationshipNames: names,
            relationshipObjects: reached, rootField: rootField ?? field)
    }

    private mutating func noteReferenced(_ field: SOQLField) {
        guard !referencedIndices.contains(field.index) else { return }
        referencedIndices.append(field.index)
        referencedNames.append(field.name)
    }

    /// Groups columns by relationship into the nesting of REST JSON records.
    static func outputTree(columns: [BoundQuery.Column], accesses: [FieldAccess]) -> [BoundQuery.OutputNode] {
        var tree: [BoundQuery.OutputNode] = []
        for (i, column) in columns.enumerated() {
            let hops = Array(zip(column.relationshipPath, accesses[i].lookups))
            insert(column: i, hops: hops[...], into: &tree)
        }
        return tree
    }

    private static func insert(
        column: Int, hops: ArraySlice<(String, Int)>, into nodes: inout [BoundQuery.OutputNode]
    ) {
        guard let (name, lookup) = hops.first else {
            nodes.append(.column(column))
            return
        }
        for k in nodes.indices {
            if case .relationship(let existing, let existingLookup, var children) = nodes[k], existingLookup == lookup {
                insert(column: column, hops: hops.dropFirst(), into: &children)
                nodes[k] = .relationship(name: existing, lookupIndex: lookup, children: children)
                return
            }
        }
        var children: [BoundQuery.OutputNode] = []
        insert(column: column, hops: hops.dropFirst(), into: &children)
        nodes.append(.relationship(name: name, lookupIndex: lookup, children: children))
    }
}
