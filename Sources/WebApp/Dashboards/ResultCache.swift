import Foundation
import Warehouse

/// Dashboard results that do not change between update cycles, computed once per version of
/// the data rather than once per request. The version is each connection's last ended cycle
/// (read from the metadata, so every replica sees a cycle another one ran); a new version
/// empties the cache. Requests that ask for the same result at once share one computation, so
/// twenty people opening a dashboard after a cycle cost one query per widget, not twenty.
actor ResultCache {
    /// Enough for every widget of many dashboards under a few filters; beyond it, the oldest go.
    static let capacity = 512

    private var version = ""
    private var entries: [String: any Sendable] = [:]
    private var order: [String] = []
    private var running: [String: Task<any Sendable, any Error>] = [:]
    private(set) var computations = 0

    /// The cached value of `key` at `version`, computing it (once, however many ask) when missing.
    func value<T: Sendable>(_ key: String, version: String, compute: @escaping @Sendable () async throws -> T) async throws -> T {
        if version != self.version { clear(version: version) }
        if let hit = entries[key] as? T { return hit }
        if let task = running[key], let shared = try await task.value as? T { return shared }
        computations += 1
        let task = Task<any Sendable, any Error> { try await compute() }
        running[key] = task
        do {
            let value = try await task.value
            running[key] = nil
            // Only a result of the version still current is kept.
            if version == self.version { store(key, value) }
            guard let typed = value as? T else { throw KeyReused(key: key) }
            return typed
        } catch {
            running[key] = nil
            throw error
        }
    }

    /// Two kinds of result under one key: a bug in the caller's keys, said as such.
    struct KeyReused: Error, CustomStringConvertible {
        let key: String
        var description: String { "the result cache holds another kind of value under '\(key)'" }
    }

    /// Forgets everything (a change in the Data Warehouse Manager, say).
    func clear(version: String = "") {
        self.version = version
        entries = [:]
        order = []
    }

    private func store(_ key: String, _ value: any Sendable) {
        if entries[key] == nil { order.append(key) }
        entries[key] = value
        while order.count > Self.capacity { entries[order.removeFirst()] = nil }
    }

    /// The data's version: each connection's latest ended cycle.
    static func version(of metadata: any MetadataStore) async throws -> String {
        var parts: [String] = []
        for connection in try await metadata.connections() {
            guard let id = connection.id else { continue }
            let ended = try await metadata.latestCycles(connectionID: id, limit: 10).first { $0.endedAt != nil }
            parts.append("\(id):\(ended?.id ?? 0):\(ended?.endedAt?.timeIntervalSince1970 ?? 0)")
        }
        return parts.joined(separator: ",")
    }
}
