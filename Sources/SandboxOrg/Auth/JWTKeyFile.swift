import Foundation
import _CryptoExtras

/// The connected app's JWT-bearer certificate key. Salesforce holds the certificate and the
/// integration holds the private key; the sandbox creates the pair once and writes the private
/// key where scripts and tests can read it (`--jwt-key` of `tributary connect`).
enum JWTKeyFile {
    static func privateKeyPath(directory: String) -> String { directory + "/jwt-private-key.pem" }

    static func loadOrCreate(directory: String) throws -> (privateKeyPEM: String, publicKeyPEM: String) {
        let path = privateKeyPath(directory: directory)
        if let pem = try? String(contentsOfFile: path, encoding: .utf8), let key = try? _RSA.Signing.PrivateKey(pemRepresentation: pem) {
            return (pem, key.publicKey.pemRepresentation)
        }
        let key = try _RSA.Signing.PrivateKey(keySize: .bits2048)
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        FileManager.default.createFile(atPath: path, contents: Data(key.pemRepresentation.utf8), attributes: [.posixPermissions: 0o600])
        return (key.pemRepresentation, key.publicKey.pemRepresentation)
    }
}
