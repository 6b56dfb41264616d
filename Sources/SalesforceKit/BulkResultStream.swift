import AsyncHTTPClient
import NIOCore
import Rows

/// One Bulk API 2.0 result page as it arrives: the rows in chunks of about `chunkRows`, parsed
/// as the bytes stream in, pulled by the reader (nothing calls back into it). When the page is
/// damaged (cut short, bad CSV, fewer rows than `Sforce-NumberOfRecords`), the complete rows
/// before the damage come first, then the error, so the reader can resume at this page's
/// locator plus the rows it committed. After the last chunk, the iterator's `page` says the
/// columns and the next locator.
public struct BulkResultStream: AsyncSequence, Sendable {
    public typealias Element = RowBatch

    let body: HTTPClientResponse.Body
    let announcedRows: Int?
    let locator: String?
    let chunkRows: Int

    /// A page from its body and the response headers that describe it.
    public init(body: HTTPClientResponse.Body, numberOfRecords: String?, locator: String?, chunkRows: Int) {
        self.body = body
        announcedRows = numberOfRecords.flatMap(Int.init)
        self.locator = locator
        self.chunkRows = chunkRows
    }

    public func makeAsyncIterator() -> Iterator {
        Iterator(bytes: body.makeAsyncIterator(), parser: CSVStreamParser(chunkRows: chunkRows), announcedRows: announcedRows,
                 nextLocator: locator == nil || locator == "null" || locator == "" ? nil : locator)
    }

    public struct Iterator: AsyncIteratorProtocol {
        var bytes: HTTPClientResponse.Body.AsyncIterator
        var parser: CSVStreamParser
        let announcedRows: Int?
        let nextLocator: String?
        private var ready: [RowBatch] = []
        private var failure: SalesforceError?
        private var ended = false
        private var byteCount = 0
        /// The page's summary, once every chunk has been read.
        public private(set) var page: BulkResultPage?

        init(bytes: HTTPClientResponse.Body.AsyncIterator, parser: CSVStreamParser, announcedRows: Int?, nextLocator: String?) {
            self.bytes = bytes
            self.parser = parser
            self.announcedRows = announcedRows
            self.nextLocator = nextLocator
        }

        public mutating func next() async throws -> RowBatch? {
            while true {
                if !ready.isEmpty { return ready.removeFirst() }
                if let failure {
                    self.failure = nil
                    ended = true
                    throw failure
                }
                if ended { return nil }
                do {
                    guard let buffer = try await bytes.next() else {
                        finish()
                        continue
                    }
                    byteCount += buffer.readableBytes
                    ready = try parser.consume(buffer)
                } catch let error as SalesforceError {
                    damaged(error)
                } catch {
                    guard let error = SalesforceErrorClassifier.normalize(error, request: "Bulk result page") else { throw error }
                    damaged(.malformedResponse("the Bulk result page was cut after \(parser.rowsParsed) rows: \(error.message)"))
                }
            }
        }

        private mutating func damaged(_ error: SalesforceError) {
            let rows = parser.takeCompleteRows()
            if rows.rowCount > 0 { ready.append(rows) }
            failure = error
        }

        private mutating func finish() {
            ended = true
            let (rest, problem) = parser.finish()
            if rest.rowCount > 0 { ready.append(rest) }
            if let problem {
                failure = problem
            } else if let announcedRows, announcedRows != parser.rowsParsed {
                failure = .malformedResponse("the Bulk result page has \(parser.rowsParsed) rows, Salesforce announced \(announcedRows) (truncated)")
            } else {
                page = BulkResultPage(columns: parser.header ?? [], rows: parser.rowsParsed, bytes: byteCount, nextLocator: nextLocator)
            }
        }
    }
}
