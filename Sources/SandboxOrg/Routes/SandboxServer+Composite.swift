import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdCore
import NIOCore
import Synchronization
import WebForms

/// `POST /composite`: up to 25 subrequests in one API call, at most 5 of them queries, each
/// answered by the same resource code as a call of its own (`dataResource`), with its own status
/// and body. Semantics, limits and sources: `docs/sandbox-fidelity.md` §8.
extension SandboxServer {
    static let compositeMaxSubrequests = 25
    static let compositeMaxQueries = 5
    static let rolledBack = "The transaction was rolled back since another operation in the same transaction failed."

    func composite(_ request: APIRequest, rest: [String], user: Int) async throws -> Response {
        guard rest.count == 1 else { throw SalesforceFault.notFound }
        let base = "/services/data/v\(request.version)/composite"
        switch request.method {
        case .get:
            return Reply.json(.object(["batch", "tree", "sobjects", "graph"].map { ($0, .string("\(base)/\($0)")) }))
        case .post:
            let plan = try CompositePlan(request.body)
            if let refusal = plan.refusal { return Reply.json(refusal, status: .badRequest) }
            let response = Reply.json(.object([("compositeResponse", .array(await run(plan, parent: request, user: user)))]))
            // A body cut in transit cuts the composite's one body, whichever subrequest it names.
            if plan.subrequests.contains(where: { faults.take(.malformedJSON, path: $0.url) != nil }) { return await Self.truncated(response) }
            return response
        default:
            throw methodNotAllowed(request, allowed: "GET, POST")
        }
    }

    /// Runs the subrequests in order; with `allOrNone`, the first failure stops the rest, rolls
    /// back the writes made so far and turns every other answer into `PROCESSING_HALTED`.
    private func run(_ plan: CompositePlan, parent: APIRequest, user: Int) async -> [JSON] {
        let savepoint = plan.allOrNone ? store.savepoint() : nil
        var answers: [CompositePlan.Answer] = []
        var failed: Int?
        for sub in plan.subrequests {
            let answer = await answer(sub, resolvedAgainst: answers, parent: parent, user: user)
            answers.append(answer)
            if plan.allOrNone, answer.status >= 400 {
                failed = answers.count - 1
                break
            }
        }
        if let failed, let savepoint {
            store.rollback(to: savepoint)
            let halted = SalesforceFault(status: 400, "PROCESSING_HALTED", Self.rolledBack)
            return plan.subrequests.indices.map { i in
                i == failed ? answers[i].json : CompositePlan.Answer(referenceId: plan.subrequests[i].referenceId, fault: halted).json
            }
        }
        return answers.map(\.json)
    }

    private func answer(_ sub: CompositePlan.Subrequest, resolvedAgainst earlier: [CompositePlan.Answer], parent: APIRequest, user: Int) async -> CompositePlan.Answer {
        let url: String
        let body: [UInt8]
        do {
            url = try CompositeReferences.resolve(sub.url, in: earlier, escapeForJSON: false)
            body = try sub.body.map { Array(try CompositeReferences.resolve($0.text, in: earlier, escapeForJSON: true).utf8) } ?? []
        } catch {
            return CompositePlan.Answer(referenceId: sub.referenceId, fault: error)
        }
        let (path, queryText) = url.firstIndex(of: "?").map { (String(url[..<$0]), String(url[url.index(after: $0)...])) } ?? (url, "")
        let parts = path.split(separator: "/", omittingEmptySubsequences: true).map(String.init)
        var headers = parent.headers
        for (name, value) in sub.headers {
            if let field = HTTPField.Name(name) { headers[field] = value }
        }
        let api = APIRequest(method: sub.method, path: path, parts: parts, query: FormData.parse(queryText), headers: headers, body: body)
        var response: Response
        do {
            guard parts.count >= 4, parts[0] == "services", parts[1] == "data", parts[2].hasPrefix("v"),
                let v = Double(parts[2].dropFirst()), v == v.rounded(), supportedVersions.contains(Int(v)),
                CompositePlan.subrequestResources.contains(parts[3])
            else { throw SalesforceFault.notFound }
            // The org's own failures reach a subrequest as they reach a call of its own; the
            // edge's (420, 406, 414) and the API counter apply to the composite as a whole.
            try await orgFaults(at: path)
            response = try await dataResource(api, user: user)
        } catch let fault as SalesforceFault {
            response = Reply.fault(fault)
        } catch {
            response = Reply.fault(.unknownException)
        }
        let bytes = await Self.collect(response)
        var answerHeaders: [(String, JSON)] = []
        for field in response.headers where field.name != .contentType && field.name != .contentLength {
            answerHeaders.append((field.name.canonicalName, .string(field.value)))
        }
        return CompositePlan.Answer(referenceId: sub.referenceId, status: Int(response.status.code), headers: answerHeaders, body: bytes)
    }

    static func collect(_ response: Response) async -> [UInt8] {
        let writer = CollectingWriter()
        var response = response
        try? await response.body.write(writer)
        return writer.bytes.withLock { $0 }
    }
}
