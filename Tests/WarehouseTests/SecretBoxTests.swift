import Foundation
import Testing
import Warehouse

@Suite struct SecretBoxTests {
    @Test func roundTrip() throws {
        let box = try SecretBox(key: Data(repeating: 7, count: 32))
        let sealed = try box.seal(Data("refresh-token".utf8))
        #expect(sealed != Data("refresh-token".utf8))
        #expect(try box.open(sealed) == Data("refresh-token".utf8))
    }

    @Test func wrongKeyFails() throws {
        let sealed = try SecretBox(key: Data(repeating: 1, count: 32)).seal(Data("secret".utf8))
        let other = try SecretBox(key: Data(repeating: 2, count: 32))
        #expect(throws: WarehouseError.secretOpen("")) { try other.open(sealed) }
    }

    @Test func shortKeyIsRefused() {
        #expect(throws: WarehouseError.secretKey("")) { try SecretBox(key: Data(repeating: 1, count: 16)) }
    }

    @Test func keyFileIsCreatedOwnerOnlyAndReused() throws {
        let directory = try temporaryDirectory().appendingPathComponent("data")
        let first = try SecretBox.load(dataDirectory: directory.path, encodedKey: nil)
        let keyFile = directory.appendingPathComponent(SecretBox.keyFileName).path
        let permissions = try FileManager.default.attributesOfItem(atPath: keyFile)[.posixPermissions] as? Int
        #expect(permissions == 0o600)
        let second = try SecretBox.load(dataDirectory: directory.path, encodedKey: nil)
        #expect(try second.open(first.seal(Data("x".utf8))) == Data("x".utf8))
    }

    @Test func environmentKeyWinsOverKeyFile() throws {
        let directory = try temporaryDirectory()
        let key = Data(repeating: 9, count: 32)
        let box = try SecretBox.load(dataDirectory: directory.path, encodedKey: key.base64EncodedString())
        #expect(try SecretBox(key: key).open(box.seal(Data("y".utf8))) == Data("y".utf8))
        #expect(!FileManager.default.fileExists(atPath: directory.appendingPathComponent(SecretBox.keyFileName).path))
        #expect(throws: WarehouseError.secretKey("")) {
            try SecretBox.load(dataDirectory: directory.path, encodedKey: "not base64!")
        }
    }
}
