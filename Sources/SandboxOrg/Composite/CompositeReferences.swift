import Foundation

/// `@{referenceId.field}` in a subrequest's url or body: a value of an earlier subrequest's
/// answer. `.` names a key of a JSON object, `[n]` an element of an array
/// (`@{accounts.records[0].Id}`). A reference to an answer that failed, or to a value it does
/// not have, fails the subrequest with `PROCESSING_HALTED`, as Salesforce does.
enum CompositeReferences {
    static func resolve(_ text: String, in earlier: [CompositePlan.Answer], escapeForJSON: Bool) throws(SalesforceFault) -> String {
        guard text.contains("@{") else { return text }
        var out = ""
        var rest = text[...]
        while let open = rest.range(of: "@{") {
            out += rest[..<open.lowerBound]
            guard let close = rest[open.upperBound...].firstIndex(of: "}") else {
                out += rest[open.lowerBound...]
                return out
            }
            let expression = String(rest[open.upperBound..<close])
            let value = try lookUp(expression, in: earlier)
            out += escapeForJSON ? escaped(value) : value
            rest = rest[rest.index(after: close)...]
        }
        out += rest
        return out
    }

    private static func lookUp(_ expression: String, in earlier: [CompositePlan.Answer]) throws(SalesforceFault) -> String {
        let reference = String(expression.prefix { $0 != "." && $0 != "[" })
        let missing = SalesforceFault(
            status: 400, "PROCESSING_HALTED", "Invalid reference specified. No value for \(expression) found in \(reference)")
        guard let answer = earlier.last(where: { $0.referenceId == reference }), answer.status < 400, !answer.body.isEmpty,
            var value = try? JSONParser.parse(answer.body)
        else { throw missing }
        for step in steps(expression.dropFirst(reference.count)) {
            switch (step, value) {
            case (.key(let key), .object):
                guard let next = value[key] else { throw missing }
                value = next
            case (.index(let i), .array(let items)) where i < items.count:
                value = items[i]
            default:
                throw missing
            }
        }
        switch value {
        case .string(let s): return s
        case .null: throw missing
        default: return value.text
        }
    }

    private enum Step {
        case key(String)
        case index(Int)
    }

    private static func steps(_ path: Substring) -> [Step] {
        var steps: [Step] = []
        var current = ""
        var inIndex = false
        func flush() {
            if !current.isEmpty { steps.append(inIndex ? (Int(current).map(Step.index) ?? .key(current)) : .key(current)) }
            current = ""
        }
        for c in path {
            switch c {
            case ".": flush()
            case "[": flush(); inIndex = true
            case "]": flush(); inIndex = false
            default: current.append(c)
            }
        }
        flush()
        return steps
    }

    /// A value spliced into a JSON string.
    private static func escaped(_ value: String) -> String {
        let quoted = JSON.string(value).text
        return String(quoted.dropFirst().dropLast())
    }
}
