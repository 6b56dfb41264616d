import Foundation
import Hummingbird
import NIOCore
import NIOPosix
import Synchronization

/// A webhook receiver on a loopback port: records every POST body.
final class WebhookReceiver: Sendable {
    let bodies = Mutex<[Data]>([])
    private let serving = Mutex<Task<Void, any Error>?>(nil)

    /// Starts listening; returns the URL to post to.
    func start() async throws -> String {
        let router = Router()
        router.post("/hook") { request, _ -> HTTPResponse.Status in
            let body = try await request.body.collect(upTo: 1 << 20)
            self.bodies.withLock { $0.append(Data(body.readableBytesView)) }
            return .noContent
        }
        // Sends the webhook on to /hook: a sender that follows redirects delivers it there.
        router.post("/redirect") { _, _ -> Response in Response(status: .temporaryRedirect, headers: [.location: "/hook"]) }
        let (ports, continuation) = AsyncStream.makeStream(of: Int.self)
        let app = Application(router: router, configuration: .init(address: .hostname("127.0.0.1", port: 0)),
                              onServerRunning: { channel in continuation.yield(channel.localAddress?.port ?? 0) })
        serving.withLock { $0 = Task { try await app.runService() } }
        var iterator = ports.makeAsyncIterator()
        let port = await iterator.next() ?? 0
        return "http://127.0.0.1:\(port)/hook"
    }

    func stop() { serving.withLock { $0?.cancel() } }
}

/// An SMTP sink on a loopback port: answers like a relay and keeps each message's envelope and data.
final class SMTPSink: Sendable {
    struct Message: Sendable {
        var from: String
        var to: [String]
        var data: String
    }

    let messages = Mutex<[Message]>([])
    private let channel = Mutex<(any Channel)?>(nil)

    func start() async throws -> Int {
        let server = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .bind(host: "127.0.0.1", port: 0) { child in
                child.eventLoop.makeCompletedFuture { try NIOAsyncChannel<ByteBuffer, ByteBuffer>(wrappingChannelSynchronously: child) }
            }
        channel.withLock { $0 = server.channel }
        Task {
            try await withThrowingDiscardingTaskGroup { group in
                try await server.executeThenClose { inbound in
                    for try await connection in inbound {
                        group.addTask { try await self.converse(connection) }
                    }
                }
            }
        }
        return server.channel.localAddress?.port ?? 0
    }

    private func converse(_ connection: NIOAsyncChannel<ByteBuffer, ByteBuffer>) async throws {
        try await connection.executeThenClose { inbound, outbound in
            func say(_ line: String) async throws { try await outbound.write(ByteBuffer(string: line + "\r\n")) }
            try await say("220 sink ESMTP")
            var pending = ""
            var message = Message(from: "", to: [], data: "")
            var inData = false
            for try await chunk in inbound {
                pending += String(buffer: chunk)
                while let range = pending.range(of: "\r\n") {
                    let line = String(pending[..<range.lowerBound])
                    pending.removeSubrange(..<range.upperBound)
                    if inData {
                        if line == "." {
                            inData = false
                            let done = message
                            messages.withLock { $0.append(done) }
                            try await say("250 queued")
                        } else {
                            message.data += (line.hasPrefix("..") ? String(line.dropFirst()) : line) + "\n"
                        }
                        continue
                    }
                    let verb = line.prefix(4).uppercased()
                    switch verb {
                    case "EHLO": try await say("250-sink\r\n250 8BITMIME")
                    case "MAIL": message.from = line; try await say("250 ok")
                    case "RCPT": message.to.append(line); try await say("250 ok")
                    case "DATA": inData = true; try await say("354 go on")
                    case "QUIT": try await say("221 bye"); return
                    default: try await say("502 unknown")
                    }
                }
            }
        }
    }

    func stop() { _ = channel.withLock { $0?.close() } }
}
