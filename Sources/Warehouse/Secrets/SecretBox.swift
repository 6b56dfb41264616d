import Crypto
import Foundation

/// Encrypts secrets at rest (tokens, passwords of connections) with AES-GCM.
///
/// The key comes from `TRIBUTARY_SECRET_KEY` (base64 of 32 bytes) when set, else from a key file
/// that is created on first use, readable by its owner only (0600).
public struct SecretBox: Sendable {
    public static let environmentVariable = "TRIBUTARY_SECRET_KEY"
    public static let keyFileName = "secret.key"

    private let key: SymmetricKey

    /// - Throws: `WarehouseError.secretKey` unless `key` is 32 bytes.
    public init(key: Data) throws {
        guard key.count == 32 else { throw WarehouseError.secretKey("a key must be 32 bytes, this one has \(key.count)") }
        self.key = SymmetricKey(data: key)
    }

    /// The key `encodedKey` (base64, `TRIBUTARY_SECRET_KEY`'s value, which the command reads
    /// with its other settings) when given, else the one in `dataDirectory/secret.key`, created
    /// when missing.
    public static func load(dataDirectory: String, encodedKey: String?) throws -> SecretBox {
        if let encoded = encodedKey {
            guard let key = Data(base64Encoded: encoded.trimmingCharacters(in: .whitespacesAndNewlines)) else {
                throw WarehouseError.secretKey("\(environmentVariable) is not base64")
            }
            return try SecretBox(key: key)
        }
        return try SecretBox(key: loadOrCreateKeyFile(at: URL(fileURLWithPath: dataDirectory).appendingPathComponent(keyFileName).path))
    }

    /// Nonce, ciphertext and tag in one value.
    public func seal(_ plaintext: Data) throws -> Data {
        guard let combined = try AES.GCM.seal(plaintext, using: key).combined else {
            throw WarehouseError.secretOpen("AES-GCM produced no combined form")
        }
        return combined
    }

    /// - Throws: `WarehouseError.secretOpen` when the data was sealed with another key or altered.
    public func open(_ sealed: Data) throws -> Data {
        do {
            return try AES.GCM.open(AES.GCM.SealedBox(combined: sealed), using: key)
        } catch {
            throw WarehouseError.secretOpen("wrong key or damaged data (\(sealed.count) bytes)")
        }
    }

    /// Creates the file with O_EXCL and mode 0600 in one step, so the key is never readable by
    /// others, and two processes starting together end up with the same key.
    private static func loadOrCreateKeyFile(at path: String) throws -> Data {
        try PrivateFiles.createMissingDirectories(URL(fileURLWithPath: path).deletingLastPathComponent().path)
        let fd = Foundation.open(path, O_WRONLY | O_CREAT | O_EXCL, 0o600)
        if fd >= 0 {
            defer { close(fd) }
            let encoded = Array(SymmetricKey(size: .bits256).withUnsafeBytes { Data($0) }.base64EncodedString().utf8)
            guard write(fd, encoded, encoded.count) == encoded.count, fsync(fd) == 0 else {
                throw WarehouseError.secretKey("could not write \(path): errno \(errno)")
            }
        } else if errno != EEXIST {
            throw WarehouseError.secretKey("could not create \(path): errno \(errno)")
        }
        guard let contents = FileManager.default.contents(atPath: path),
            let key = Data(base64Encoded: String(decoding: contents, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines))
        else { throw WarehouseError.secretKey("\(path) does not hold a base64 key") }
        return key
    }
}
