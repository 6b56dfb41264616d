import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdCore
import Logging
import NIOCore

/// Builds responses in Salesforce's shapes.
enum Reply {
    static let jsonType = "application/json;charset=UTF-8"

    static func json(_ value: JSON, status: HTTPResponse.Status = .ok, headers: HTTPFields = [:]) -> Response {
        bytes(value.bytes, contentType: jsonType, status: status, headers: headers)
    }

    static func bytes(_ bytes: [UInt8], contentType: String, status: HTTPResponse.Status = .ok, headers: HTTPFields = [:]) -> Response {
        var fields = headers
        fields[.contentType] = contentType
        return Response(status: status, headers: fields, body: ResponseBody(byteBuffer: ByteBuffer(bytes: bytes)))
    }

    static func buffer(_ buffer: ByteBuffer, contentType: String) -> Response {
        Response(status: .ok, headers: [.contentType: contentType], body: ResponseBody(byteBuffer: buffer))
    }

    static func fault(_ fault: SalesforceFault) -> Response {
        json(fault.json, status: HTTPResponse.Status(code: fault.status))
    }

    static func oauth(_ error: OAuthError) -> Response {
        json(error.json, status: HTTPResponse.Status(code: error.status))
    }

    static func html(_ body: String, status: HTTPResponse.Status = .ok) -> Response {
        bytes(Array(body.utf8), contentType: "text/html;charset=UTF-8", status: status)
    }

    /// An answer of Salesforce's edge: HTML as plain `text/html`, which clients such as jsforce
    /// match exactly to tell it from the API's own errors.
    static func edge(_ body: String, status: HTTPResponse.Status) -> Response {
        bytes(Array(body.utf8), contentType: EdgePages.htmlType, status: status)
    }

    static func redirect(_ location: String) -> Response {
        Response(status: .found, headers: [.location: location])
    }

    static func noContent(headers: HTTPFields = [:]) -> Response { Response(status: .noContent, headers: headers) }

    /// `304 Not Modified`: no body (describes asked `If-Modified-Since`).
    static func notModified() -> Response { Response(status: .notModified) }
}

extension HTTPField.Name {
    static let sforceLimitInfo = HTTPField.Name("Sforce-Limit-Info") ?? .via
    static let sforceLocator = HTTPField.Name("Sforce-Locator") ?? .via
    static let sforceNumberOfRecords = HTTPField.Name("Sforce-NumberOfRecords") ?? .via
    static let sforceQueryOptions = HTTPField.Name("Sforce-Query-Options") ?? .via
}
