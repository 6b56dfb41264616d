import Foundation

/// Tributary's data directory and the SQLite files in it hold password hashes, sessions and
/// sealed tokens, so they are readable by their owner only, whatever the umask: the directory
/// 0700, the files 0600.
public enum PrivateFiles {
    /// Creates the data directory (0700) or, when it exists, makes it 0700: an older Tributary or
    /// a loose umask may have left it open to other users.
    /// - Throws: `WarehouseError.privateFile` when the directory cannot be created or restricted.
    public static func prepareDataDirectory(_ path: String) throws {
        try createMissingDirectories(path)
        guard chmod(path, 0o700) == 0 else { throw WarehouseError.privateFile("could not make \(path) private (chmod 0700): errno \(errno)") }
    }

    /// Creates missing directories on the way to `path` as 0700; existing ones are left as they
    /// are (they may be shared, such as /tmp).
    public static func createMissingDirectories(_ path: String) throws {
        var missing: [String] = []
        var current = URL(fileURLWithPath: path).standardizedFileURL
        while !FileManager.default.fileExists(atPath: current.path) && current.path != "/" {
            missing.append(current.path)
            current = current.deletingLastPathComponent()
        }
        for directory in missing.reversed() {
            guard mkdir(directory, 0o700) == 0 || errno == EEXIST else {
                throw WarehouseError.privateFile("could not create \(directory): errno \(errno)")
            }
            // mkdir's mode passes through the umask; the directory must be 0700 whatever it is.
            _ = chmod(directory, 0o700)
        }
    }

    /// Makes the SQLite database at `path` exist with mode 0600 before SQLite opens it (SQLite
    /// gives its `-wal`, `-shm` and `-journal` files the database file's mode), and makes an
    /// existing database and its companions 0600.
    public static func prepareSQLiteFile(_ path: String) throws {
        try createMissingDirectories(URL(fileURLWithPath: path).deletingLastPathComponent().path)
        let fd = Foundation.open(path, O_WRONLY | O_CREAT | O_CLOEXEC, 0o600)
        guard fd >= 0 else { throw WarehouseError.privateFile("could not create \(path): errno \(errno)") }
        defer { close(fd) }
        guard fchmod(fd, 0o600) == 0 else { throw WarehouseError.privateFile("could not make \(path) private (chmod 0600): errno \(errno)") }
        for suffix in ["-wal", "-shm", "-journal"] where FileManager.default.fileExists(atPath: path + suffix) {
            guard chmod(path + suffix, 0o600) == 0 else {
                throw WarehouseError.privateFile("could not make \(path + suffix) private (chmod 0600): errno \(errno)")
            }
        }
    }
}
