import AsyncHTTPClient
import NIOHTTPCompression

extension HTTPClient.Configuration {
    /// Inflates gzip and deflate bodies as their bytes arrive, for a `SalesforceClient` made with
    /// `compressedResponses`. Bulk CSV and REST JSON shrink about tenfold on the wire; the ratio
    /// bounds what a broken or hostile body may expand to (a limit hit fails the read, which the
    /// classifier treats as a transport failure).
    public mutating func inflateSalesforceBodies() {
        decompression = .enabled(limit: .ratio(100))
    }
}
