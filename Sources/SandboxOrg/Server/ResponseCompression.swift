import HTTPTypes
import HummingbirdCore
import NIOCore
import NIOHTTPCompression
import NIOHTTPTypesHTTP1

/// gzip for clients that ask with `Accept-Encoding` (REST pages and Bulk results alike), as
/// Salesforce answers them. NIO's compressor works on HTTP/1 parts while Hummingbird's extra
/// handlers see shared HTTP types, so it sits between a pair of converters.
enum ResponseCompression {
    static func http1(secure: Bool) -> HTTPServerBuilder {
        .http1(additionalChannelHandlers: [
            HTTPToHTTP1ServerCodec(), HTTPResponseCompressor(initialByteBufferCapacity: 64 * 1024), HTTP1ToHTTPServerCodec(secure: secure),
        ])
    }
}

extension ResponseCompression {
    /// The compressor keeps a `Content-Length` the body no longer has, so a client would wait for
    /// bytes that never come: responses it will compress go out chunked instead.
    static func unsized(_ response: Response, acceptEncoding: String?) -> Response {
        guard let accepted = acceptEncoding?.lowercased(), accepted.contains("gzip") || accepted.contains("deflate") else { return response }
        var response = response
        response.headers[.contentLength] = nil
        let original = response.body
        response.body = ResponseBody { writer in try await original.write(writer) }
        return response
    }
}
