import Foundation
import NIOCore
import NIOPosix

/// Just enough SMTP (RFC 5321) to hand one message to a relay: EHLO, MAIL, RCPT, DATA, QUIT.
/// Self-hosted installs normally relay through a local MTA; TLS and AUTH are left to it.
struct SMTPClient: Sendable {
    var host: String
    var port: Int
    var from: String
    var timeout: Duration = .seconds(20)

    struct Failure: Error, CustomStringConvertible {
        let description: String
    }

    func send(to recipient: String, subject: String, body: String) async throws {
        try await send(to: recipient, MailMessage(subject: subject, text: body))
    }

    func send(to recipient: String, _ mail: MailMessage) async throws {
        // Checked before connecting: an address ends up inside SMTP commands as well as headers.
        let recipient = try MailHeader.address(recipient), from = try MailHeader.address(from)
        let text = try message(to: recipient, mail)
        let channel = try await ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .connectTimeout(.seconds(10))
            .connect(host: host, port: port) { channel in
                channel.eventLoop.makeCompletedFuture { try NIOAsyncChannel<ByteBuffer, ByteBuffer>(wrappingChannelSynchronously: channel) }
            }
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await Task.sleep(for: timeout); throw Failure(description: "the SMTP server at \(host):\(port) did not answer in time") }
            group.addTask {
                try await channel.executeThenClose { inbound, outbound in
                    var replies = ReplyReader(inbound.makeAsyncIterator())
                    func expect(_ code: Int, after command: String?) async throws {
                        if let command { try await outbound.write(ByteBuffer(string: command + "\r\n")) }
                        let reply = try await replies.next()
                        guard reply.code == code else {
                            throw Failure(description: "the SMTP server answered \(reply.code) \(reply.text) to \(command.map { String($0.prefix(20)) } ?? "the greeting")")
                        }
                    }
                    try await expect(220, after: nil)
                    try await expect(250, after: "EHLO tributary")
                    try await expect(250, after: "MAIL FROM:<\(from)>")
                    try await expect(250, after: "RCPT TO:<\(recipient)>")
                    try await expect(354, after: "DATA")
                    try await expect(250, after: text + "\r\n.")
                    try await expect(221, after: "QUIT")
                }
            }
            try await group.next()
            group.cancelAll()
        }
    }

    /// Headers and a body with CRLF line ends, lines starting with a dot doubled (RFC 5321 §4.5.2).
    /// Header values go through `MailHeader`, so no value can add a header of its own.
    /// - Throws: `Failure` when an address is not a plain email address.
    func message(to recipient: String, subject: String, body: String) throws -> String {
        try message(to: recipient, MailMessage(subject: subject, text: body))
    }

    func message(to recipient: String, _ mail: MailMessage) throws -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.dateFormat = "EEE, dd MMM yyyy HH:mm:ss Z"
        let (contentHeaders, body) = mail.mime()
        let headers = [
            "From: Tributary <\(try MailHeader.address(from))>", "To: <\(try MailHeader.address(recipient))>", MailHeader.field("Subject", mail.subject),
            "Date: \(formatter.string(from: Date()))", "MIME-Version: 1.0",
        ] + contentHeaders
        return (headers + [""] + body).joined(separator: "\r\n")
    }

    /// Reads whole replies (`250-…` lines until `250 …`) from the byte stream.
    struct ReplyReader {
        var iterator: NIOAsyncChannelInboundStream<ByteBuffer>.AsyncIterator
        var pending: [UInt8] = []

        init(_ iterator: NIOAsyncChannelInboundStream<ByteBuffer>.AsyncIterator) { self.iterator = iterator }

        mutating func next() async throws -> (code: Int, text: String) {
            var text: [String] = []
            while true {
                let line = try await nextLine()
                guard line.count >= 3, let code = Int(line.prefix(3)) else { throw Failure(description: "the SMTP server sent '\(line.prefix(80))'") }
                text.append(String(line.dropFirst(4)))
                if line.count == 3 || line[line.index(line.startIndex, offsetBy: 3)] == " " { return (code, text.joined(separator: " ")) }
            }
        }

        private mutating func nextLine() async throws -> String {
            while true {
                if let end = pending.firstIndex(of: UInt8(ascii: "\n")) {
                    let line = pending[..<end].last == UInt8(ascii: "\r") ? pending[..<(end - 1)] : pending[..<end]
                    defer { pending.removeSubrange(...end) }
                    return String(decoding: line, as: UTF8.self)
                }
                guard pending.count < 64 * 1024, let chunk = try await iterator.next() else {
                    throw Failure(description: "the SMTP server closed the connection")
                }
                pending.append(contentsOf: chunk.readableBytesView)
            }
        }
    }
}
