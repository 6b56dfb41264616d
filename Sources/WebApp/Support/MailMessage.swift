import Foundation

/// An email's content: plain text, and optionally HTML with inline images (charts) that the
/// HTML names as `cid:`. As MIME (RFC 2045–2046): text alone is one text/plain part; with HTML,
/// multipart/alternative holds the text and a multipart/related of the HTML and its images,
/// so a client shows the richest part it can and the images where it shows them. Every part
/// is base64 in 76-character lines, so no line passes SMTP's 998 and none starts with a dot.
struct MailMessage: Sendable, Equatable {
    struct InlineImage: Sendable, Equatable {
        /// What the HTML names as `cid:<contentID>`.
        var contentID: String
        var mimeType: String
        var data: [UInt8]
    }

    var subject: String
    var text: String
    var html: String?
    var images: [InlineImage] = []

    /// The headers that describe the body, and the body, with CRLF line ends.
    func mime(boundary: String = UUID().uuidString) -> (headers: [String], body: [String]) {
        guard let html else {
            return (["Content-Type: text/plain; charset=utf-8", "Content-Transfer-Encoding: 8bit"], Self.lines(text))
        }
        let alternative = "alt-" + boundary, related = "rel-" + boundary
        var body: [String] = ["This is a message in MIME format.", "", "--" + alternative]
        body += Self.part("text/plain; charset=utf-8", Array(text.utf8))
        body += ["--" + alternative, #"Content-Type: multipart/related; boundary="\#(related)""#, "", "--" + related]
        body += Self.part("text/html; charset=utf-8", Array(html.utf8))
        for image in images {
            body += ["--" + related]
            body += Self.part(image.mimeType, image.data, extra: ["Content-ID: <\(image.contentID)>", "Content-Disposition: inline"])
        }
        body += ["--" + related + "--", "--" + alternative + "--"]
        return (["Content-Type: multipart/alternative; boundary=\"\(alternative)\""], body)
    }

    private static func part(_ type: String, _ bytes: [UInt8], extra: [String] = []) -> [String] {
        let encoded = Data(bytes).base64EncodedString(options: [.lineLength76Characters, .endLineWithCarriageReturn, .endLineWithLineFeed])
        return ["Content-Type: \(type)", "Content-Transfer-Encoding: base64"] + extra + [""] + encoded.components(separatedBy: "\r\n")
    }

    /// Plain text as lines, a leading dot doubled (RFC 5321 §4.5.2).
    private static func lines(_ text: String) -> [String] {
        text.split(separator: "\n", omittingEmptySubsequences: false).map { line in
            let text = line.hasSuffix("\r") ? String(line.dropLast()) : String(line)
            return text.hasPrefix(".") ? "." + text : text
        }
    }

    /// Moves every inline `<svg>…</svg>` of `html` into an image part named by `cid:`, since
    /// most mail clients drop inline SVG but some show it as an image.
    static func withChartsAsImages(subject: String, text: String, html: String) -> MailMessage {
        var out = ""
        var images: [InlineImage] = []
        var rest = Substring(html)
        while let start = rest.range(of: "<svg"), let end = rest.range(of: "</svg>", range: start.upperBound..<rest.endIndex) {
            out += rest[..<start.lowerBound]
            let svg = String(rest[start.lowerBound..<end.upperBound])
            let id = "chart-\(images.count + 1)@tributary"
            images.append(InlineImage(contentID: id, mimeType: "image/svg+xml", data: Array(svg.utf8)))
            let label = svg.range(of: #"aria-label=""#).map { svg[$0.upperBound...].prefix { $0 != "\"" } } ?? "Chart"
            out += #"<img src="cid:\#(id)" alt="\#(label)" width="720" style="max-width:100%">"#
            rest = rest[end.upperBound...]
        }
        out += rest
        return MailMessage(subject: subject, text: text, html: out, images: images)
    }
}
