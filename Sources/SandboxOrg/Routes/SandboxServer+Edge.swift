import HTTPTypes
import Hummingbird

/// What Salesforce's edge decides before the API sees a request: the size limit of the request
/// line and headers, and the transient 420 and 406 answers. `/_sandbox` controls are exempt so
/// tests can always switch faults off again.
extension SandboxServer {
    /// The most bytes a request line plus its headers may take (Salesforce limits cheat sheet).
    static let maxRequestHeadBytes = 16_384

    /// The edge's answer to this request, or nil to let it through.
    func edgeAnswer(_ request: Request, parts: [String]) -> Response? {
        if parts.first == "_sandbox" { return nil }
        if let oversize = Self.oversizeAnswer(request) { return oversize }
        let path = request.uri.path
        if faults.take(.http420, path: path) != nil { return Reply.edge(EdgePages.status420, status: .init(code: 420, reasonPhrase: "")) }
        if faults.take(.http406, path: path) != nil { return Reply.edge(EdgePages.status406, status: .notAcceptable) }
        return nil
    }

    /// 414 when the request line alone is over the limit, 431 when the line and the headers are.
    static func oversizeAnswer(_ request: Request) -> Response? {
        let line = requestLineBytes(method: request.method, target: request.uri.description)
        if line > maxRequestHeadBytes { return Reply.edge(EdgePages.status414, status: .uriTooLong) }
        if line + headerBytes(request.headers) > maxRequestHeadBytes {
            return Reply.edge(EdgePages.status431, status: .requestHeaderFieldsTooLarge)
        }
        return nil
    }

    /// `GET /path?query HTTP/1.1\r\n`, as it went over the wire.
    static func requestLineBytes(method: HTTPRequest.Method, target: String) -> Int {
        method.rawValue.utf8.count + 1 + target.utf8.count + " HTTP/1.1\r\n".utf8.count
    }

    /// `Name: value\r\n` per field, plus the blank line that ends the head.
    static func headerBytes(_ headers: HTTPFields) -> Int {
        headers.reduce(2) { $0 + $1.name.rawName.utf8.count + 2 + $1.value.utf8.count + 2 }
    }
}
