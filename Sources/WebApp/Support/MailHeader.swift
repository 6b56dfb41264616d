import Foundation
import Warehouse

/// Header fields of a notification email, safe whatever their values hold: names people typed
/// (a connection's) reach the Subject, so the writer itself makes sure no value can end its
/// header and start another, whoever the caller is.
enum MailHeader {
    /// `name: value` with every control character of `value` (CR, LF, TAB…) turned into a space,
    /// and non-ASCII text as RFC 2047 encoded-words (UTF-8, base64), folded so that no line
    /// passes 78 characters.
    static func field(_ name: String, _ value: String) -> String {
        let flat = String(String.UnicodeScalarView(value.unicodeScalars.map { DisplayName.hasControlCharacters(String($0)) ? " " : $0 }))
        guard !flat.unicodeScalars.allSatisfy({ $0.isASCII }) else { return name + ": " + flat }
        return name + ": " + encodedWords(flat).joined(separator: "\r\n ")
    }

    /// RFC 2047 §2: an encoded-word is at most 75 characters; 39 bytes (52 base64 characters,
    /// a 64-character word) also keep `Subject: ` and its word within 78. Cut between
    /// characters, so that no word splits one.
    static func encodedWords(_ text: String) -> [String] {
        var words: [String] = []
        var chunk: [UInt8] = []
        for character in text {
            let bytes = Array(String(character).utf8)
            if !chunk.isEmpty && chunk.count + bytes.count > 39 {
                words.append(word(chunk))
                chunk = []
            }
            chunk += bytes
        }
        if !chunk.isEmpty { words.append(word(chunk)) }
        return words
    }

    private static func word(_ bytes: [UInt8]) -> String { "=?utf-8?B?" + Data(bytes).base64EncodedString() + "?=" }

    /// `address` for `<…>` in a header or an SMTP command.
    /// - Throws: `SMTPClient.Failure` when it is not a plain email address (CR/LF, `<`, `>`…),
    ///   which could end the command or the field early.
    static func address(_ address: String) throws -> String {
        guard Accounts.isEmail(address), address.unicodeScalars.allSatisfy({ $0.isASCII }) else {
            throw SMTPClient.Failure(description: "'\(address.prefix(100).debugDescription)' is not an email address Tributary sends to")
        }
        return address
    }
}
