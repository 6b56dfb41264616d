import Foundation
import GRDB
import Testing

@testable import Warehouse

/// Finding 11 of issue 15: the SQLite warehouse (and its -wal/-shm) holds sessions, password
/// hashes and sealed tokens, so it is 0600 and its directory 0700, whatever the umask.
@Suite struct PrivateFilesTests {
    func mode(_ path: String) throws -> Int {
        let attributes = try FileManager.default.attributesOfItem(atPath: path)
        return try #require(attributes[.posixPermissions] as? Int) & 0o777
    }

    func temporaryDirectory() -> String {
        FileManager.default.temporaryDirectory.appendingPathComponent("private-files-\(UUID().uuidString)").path
    }

    @Test func aNewWarehouseAndItsWALAreReadableByTheOwnerOnly() async throws {
        let directory = temporaryDirectory() + "/data"
        defer { try? FileManager.default.removeItem(atPath: URL(fileURLWithPath: directory).deletingLastPathComponent().path) }
        let path = directory + "/tributary.sqlite"
        let warehouse = try SQLiteWarehouse(path: path)
        _ = try await warehouse.metadata.saveConnection(ConnectionRecord(name: "Acme", loginURL: "https://login.salesforce.com", authKind: .password))
        #expect(FileManager.default.fileExists(atPath: path + "-wal"))
        for file in [path, path + "-wal", path + "-shm"] where FileManager.default.fileExists(atPath: file) {
            #expect(try mode(file) == 0o600, "\(file)")
        }
        #expect(try mode(directory) == 0o700)
    }

    @Test func anExistingOpenWarehouseIsMadePrivateOnStart() throws {
        let directory = temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let path = directory + "/tributary.sqlite"
        // An empty file is an empty SQLite database; an older Tributary left it 0644.
        #expect(FileManager.default.createFile(atPath: path, contents: nil, attributes: [.posixPermissions: 0o644]))
        _ = try SQLiteWarehouse(path: path)
        for file in [path, path + "-wal", path + "-shm"] where FileManager.default.fileExists(atPath: file) {
            #expect(try mode(file) == 0o600, "\(file)")
        }
    }

    @Test func anExistingDataDirectoryIsMadePrivate() throws {
        let directory = temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o755])
        try PrivateFiles.prepareDataDirectory(directory)
        #expect(try mode(directory) == 0o700)
        try PrivateFiles.prepareDataDirectory(directory + "/new/data")
        #expect(try mode(directory + "/new") == 0o700)
        #expect(try mode(directory + "/new/data") == 0o700)
    }
}
