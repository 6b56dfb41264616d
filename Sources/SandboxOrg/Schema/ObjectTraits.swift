/// Object attributes that only describe reports. Defaults are those of an ordinary standard
/// object with layouts, list views and the Master record type.
public struct ObjectTraits: Sendable, Hashable {
    public var activateable = false
    public var compactLayoutable = true
    public var customSetting = false
    public var deepCloneable = false
    public var feedEnabled = false
    public var mergeable = false
    public var mruEnabled = true
    public var searchLayoutable = true
    public var undeletable = true
    public var deprecatedAndHidden = false
    /// Whether describe lists the Master record type (some child objects have none).
    public var hasMasterRecordType = true
    /// `supportedScopes`, in describe's (alphabetical) order.
    public var scopes: [Scope] = []
    /// Extra `urls` keys beside `sobject`, `describe` and `rowTemplate`.
    public var urlKinds: Set<URLKind> = [.compactLayouts, .layouts, .listviews, .quickActions, .approvalLayouts]

    public struct Scope: Sendable, Hashable {
        public var name: String
        public var label: String

        public init(_ name: String, _ label: String) {
            self.name = name
            self.label = label
        }
    }

    public enum URLKind: String, Sendable, CaseIterable {
        case compactLayouts, approvalLayouts, listviews, quickActions, layouts, defaultValues
        case caseArticleSuggestions, caseRowArticleSuggestions, eventSeriesUpdates, passwordUtilities, namedLayouts
    }

    public init() {}
}

extension ObjectSchema {
    /// A copy with its traits changed.
    public func with(_ change: (inout ObjectTraits) -> Void) -> ObjectSchema {
        var copy = self
        change(&copy.traits)
        return copy
    }
}
