import SOQL
import Hummingbird

/// `POST /_sandbox/archive`: Salesforce's archiving job, run now. Activities that are older than
/// 365 days by the org's clock become archived; the answer says how many did.
extension SandboxServer {
    func archiveNow() -> Response {
        let before = archivedCount(store.snapshot())
        let cutoff = store.archiveActivities(before: Time.days(store.clock()) - ActivityArchive.retentionDays)
        let after = archivedCount(store.snapshot())
        return Reply.json(.object([
            ("cutoff", cutoff.map { ValueWriter.json(.date($0)) } ?? .null), ("archived", .int(Int64(after - before))),
            ("totalArchived", .int(Int64(after))),
        ]))
    }

    /// Archived Task and Event rows in a snapshot (what queryAll has and query lacks).
    func archivedCount(_ snapshot: OrgSnapshot) -> Int {
        guard let archive = snapshot.archive else { return 0 }
        var count = 0
        for object in snapshot.tables.indices where archive.applies(to: object) {
            for index in 0..<snapshot.tables[object].count
            where snapshot.exists(object: object, index: index, includeDeleted: true)
                && !snapshot.exists(object: object, index: index, includeDeleted: false)
                && !snapshot.isDeleted(object: object, index: index)
            {
                count += 1
            }
        }
        return count
    }
}
