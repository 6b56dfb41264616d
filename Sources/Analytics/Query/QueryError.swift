/// Why a query spec was refused. Every case names what was wrong (the object, field, lookup or
/// operator as the caller spelled it), so the web edge can answer 400 with `description` as is.
/// None of these carries warehouse detail: only what the caller sent and what the catalog offers.
public struct QueryError: Error, Sendable, Equatable, CustomStringConvertible {
    public let description: String

    init(_ description: String) { self.description = description }

    static func unknownObject(_ name: String) -> QueryError {
        QueryError("unknown object '\(name)': no table sf_\(name.lowercased()) is synced")
    }
    static func unknownField(_ name: String, object: String) -> QueryError {
        QueryError("unknown field '\(name)' on \(object) (not a field of the object, or not synced)")
    }
    static func unknownLookup(_ name: String, object: String, why: String) -> QueryError {
        QueryError("unknown lookup '\(name)' on \(object): \(why)")
    }
    static func unknownOperator(_ op: String) -> QueryError {
        QueryError("unknown operator '\(op)'; use =, !=, <, <=, >, >=, in, notIn, contains, isNull or notNull")
    }
    static func unknownAggregate(_ name: String) -> QueryError {
        QueryError("unknown aggregate '\(name)'; use count, sum, avg, min, max or countDistinct")
    }
    static func unknownInterval(_ name: String) -> QueryError {
        QueryError("unknown interval '\(name)'; use none, day, week, month, quarter or year")
    }
    public static func invalid(_ why: String) -> QueryError { QueryError(why) }
}
