import Foundation
import Testing

/// Equal as JSON, numbers within a relative 1e-9 (SQL sums and averages of doubles may round
/// differently from Swift's).
func expectSame<T: Encodable>(_ actual: T, _ expected: T, _ what: String, sourceLocation: SourceLocation = #_sourceLocation) throws {
    let a = try JSONSerialization.jsonObject(with: JSONEncoder().encode(actual), options: .fragmentsAllowed)
    let e = try JSONSerialization.jsonObject(with: JSONEncoder().encode(expected), options: .fragmentsAllowed)
    #expect(close(a, e), "\(what): got \(String(describing: actual)), expected \(String(describing: expected))", sourceLocation: sourceLocation)
}

private func close(_ a: Any, _ b: Any) -> Bool {
    switch (a, b) {
    case let (x as [Any], y as [Any]): return x.count == y.count && zip(x, y).allSatisfy { close($0, $1) }
    case let (x as [String: Any], y as [String: Any]):
        return Set(x.keys) == Set(y.keys) && x.keys.allSatisfy { close(x[$0]!, y[$0]!) }
    case let (x as NSNumber, y as NSNumber):
        let p = x.doubleValue, q = y.doubleValue
        return abs(p - q) <= 1e-9 * max(1, abs(p), abs(q))
    case let (x as String, y as String): return x == y
    case (is NSNull, is NSNull): return true
    default: return false
    }
}
