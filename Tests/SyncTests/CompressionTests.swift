import AsyncHTTPClient
import Foundation
import SalesforceKit
import SandboxOrg
import Sync
import Testing
import Warehouse
import WarehouseTestSupport

/// gzip as Salesforce sends it to clients that ask (`--gzip` on the sandbox org): REST pages and
/// Bulk results arrive compressed and are inflated as they stream in.
@Suite(.serialized) struct CompressionTests {
    @Test func aCycleReadsGzipPagesAndBulkResultsExactly() async throws {
        try await withHarness(configure: { $0.compressResponses = true }) { h in
            let record = try await h.connect()
            var configuration = HTTPClient.Configuration()
            configuration.inflateSalesforceBodies()
            let inflating = HTTPClient(eventLoopGroupProvider: .singleton, configuration: configuration)
            var service = ConnectionService(warehouse: h.warehouse, secrets: try SecretBox.load(dataDirectory: h.directory, encodedKey: nil),
                                            http: inflating, retry: h.service.retry)
            service.compressedResponses = true
            let objects = ["Account", "Task", "Lead"]
            let result = try await service.sync(record, options: h.options { $0.objects = objects })
            #expect(result.status == .succeeded, "\(result.error ?? "")")
            #expect(Set(result.tables.map(\.path)) == ["bulk", "rest"], "both paths must be read compressed")
            try await h.expectWarehouseEqualsOrg(objects)

            // The bodies really were compressed: a client that asks for gzip but does not
            // inflate cannot read them.
            let raw = SalesforceClient(http: h.http, tokens: try service.client(for: record).tokens, reauthorize: nil, compressedResponses: true)
            await #expect(throws: SalesforceError.self) { _ = try await raw.describeGlobal() }
            try await inflating.shutdown()
        }
    }
}
