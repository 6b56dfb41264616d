import Crypto
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdCore
import Logging
import NIOCore
import NIOSSL
import SwiftASN1
import X509

/// HTTPS for the sandbox: Salesforce speaks only HTTPS, and some clients (simple-salesforce)
/// refuse anything else. Without a certificate of its own the sandbox makes a self-signed one
/// for localhost and 127.0.0.1 and writes it where clients can trust it.
public enum SelfSignedCertificate {
    public static func certificatePath(directory: String) -> String { directory + "/sandbox-cert.pem" }
    static func keyPath(directory: String) -> String { directory + "/sandbox-key.pem" }

    static func tlsConfiguration(_ tls: SandboxConfiguration.TLS, directory: String, host: String) throws -> TLSConfiguration {
        let certPEM: String
        let keyPEM: String
        if let c = tls.certificatePath, let k = tls.keyPath {
            certPEM = try String(contentsOfFile: c, encoding: .utf8)
            keyPEM = try String(contentsOfFile: k, encoding: .utf8)
        } else {
            (certPEM, keyPEM) = try loadOrCreate(directory: directory, host: host)
        }
        let chain = try NIOSSLCertificate.fromPEMBytes(Array(certPEM.utf8)).map { NIOSSLCertificateSource.certificate($0) }
        let key = try NIOSSLPrivateKey(bytes: Array(keyPEM.utf8), format: .pem)
        return TLSConfiguration.makeServerConfiguration(certificateChain: chain, privateKey: .privateKey(key))
    }

    static func loadOrCreate(directory: String, host: String) throws -> (String, String) {
        let certFile = certificatePath(directory: directory)
        let keyFile = keyPath(directory: directory)
        if let cert = try? String(contentsOfFile: certFile, encoding: .utf8), let key = try? String(contentsOfFile: keyFile, encoding: .utf8),
            let parsed = try? Certificate(pemEncoded: cert), parsed.notValidAfter > Date().addingTimeInterval(86_400)
        {
            return (cert, key)
        }
        let key = P256.Signing.PrivateKey()
        let name = try DistinguishedName {
            CommonName("localhost")
            OrganizationName("Tributary Sandbox Org")
        }
        let now = Date()
        var names: [GeneralName] = [.dnsName("localhost"), .ipAddress(ASN1OctetString(contentBytes: [127, 0, 0, 1]))]
        if host != "127.0.0.1" && host != "localhost" { names.append(.dnsName(host)) }
        let extensions = try Certificate.Extensions {
            Critical(BasicConstraints.isCertificateAuthority(maxPathLength: 0))
            Critical(KeyUsage(digitalSignature: true, keyCertSign: true))
            SubjectAlternativeNames(names)
            try ExtendedKeyUsage([.serverAuth])
        }
        let certificate = try Certificate(
            version: .v3, serialNumber: Certificate.SerialNumber(), publicKey: .init(key.publicKey),
            notValidBefore: now.addingTimeInterval(-3_600), notValidAfter: now.addingTimeInterval(825 * 86_400),
            issuer: name, subject: name, signatureAlgorithm: .ecdsaWithSHA256, extensions: extensions,
            issuerPrivateKey: .init(key))
        let certPEM = try certificate.serializeAsPEM().pemString
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        FileManager.default.createFile(atPath: keyFile, contents: Data(key.pemRepresentation.utf8), attributes: [.posixPermissions: 0o600])
        try certPEM.write(toFile: certFile, atomically: true, encoding: .utf8)
        return (certPEM, key.pemRepresentation)
    }
}
