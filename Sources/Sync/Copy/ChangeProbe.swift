import Foundation
import SalesforceKit
import Warehouse

/// Which tables have anything to move, asked before any is read. For each table whose window
/// it can prove, the cycle asks `sobjects/X/updated` and `sobjects/X/deleted` for that window,
/// 25 subrequests to a composite (one API call), and, for objects with archived rows, the
/// `queryAll` count of them (`ArchivedRows`; at most 5 queries ride in one composite). The
/// answers cover whole minutes, and the table's window ends where they do:
/// - nothing updated: the window is not read; the ids deleted in it (if any) are removed;
/// - something updated: the window's rows are read, and its deletes are the answer's ids
///   instead of a `queryAll … IsDeleted = true` read.
/// One composite thus replaces about 25 calls, and deletes cost no call of their own.
///
/// Why this stays exact (the rule of issue 13, "if a shortcut cannot prove a window empty,
/// read it"):
/// - `updated` lists the ids whose `SystemModstamp` is in the window ("Uses SystemModstamp",
///   REST API guide, *sObject Get Updated*), so only tables replicated by `SystemModstamp` are
///   probed: a `LastModifiedDate` or `CreatedDate` window can hold a row whose stamp moved on.
/// - Salesforce drops the seconds of `start` and `end` and answers `latestDateCovered`, at most
///   the start of the current minute. The probe asks from the window's start (seconds dropped:
///   a wider window) and claims only up to `latestDateCovered`; the minutes after it are the
///   next cycle's window. `UpdateCycle` may wait for the cycle's minute to end before asking,
///   so that everything changed before the cycle began is covered.
/// - The window starts `lookback` before the high-water mark, as a read's does, so changes that
///   become visible late are found the same way.
/// - `updated` reaches back 30 days and `deleted` 15; `deleted` says how far its log goes
///   (`earliestDateAvailable`). A window beyond either is read.
/// - Anything else (an error, a missing date, an object that is not replicateable): read.
///
/// A pure value: `UpdateCycle` sends the subrequests and hands back the answers.
struct ChangeProbe: Sendable {
    /// What the probe asks about one table.
    struct Target: Sendable, Equatable {
        var object: String
        /// The window's start (seconds since the epoch), probed for updates and deletes; nil:
        /// only the archived count is asked.
        var from: Int64?
        /// The object has `IsDeleted`: deletes are asked too.
        var deletes: Bool
        /// The object's archived rows are counted (`ArchivedRows`).
        var countsArchived: Bool
    }

    static let updatedReach: Int64 = 30 * 86_400
    static let deletedReach: Int64 = 15 * 86_400
    /// Kept off the edge of a reach: the request takes time, and Salesforce's clock is not ours.
    static let reachMargin: Int64 = 3_600

    /// What to ask about `plan`, given its saved checkpoint; nil: nothing to ask.
    static func target(for plan: TablePlan, saved: TableCopy.CopyCheckpoint?, lookbackSeconds: Int64, now: Int64) -> Target? {
        let countsArchived = plan.readsArchived && plan.method != .fullTable
        var from: Int64?
        if plan.method == .modifiedAt, plan.replicationKey == "SystemModstamp", plan.replicateable == true, saved?.cursor == nil,
           let mark = saved?.highWaterMark.flatMap(UTCSeconds.parse) {
            let start = mark - lookbackSeconds
            let reach = plan.hasIsDeleted ? deletedReach : updatedReach
            if start >= now - reach + reachMargin, start < now { from = start }
        }
        guard from != nil || countsArchived else { return nil }
        return Target(object: plan.object, from: from, deletes: plan.hasIsDeleted, countsArchived: countsArchived)
    }

    let targets: [Target]
    /// The end asked for (Salesforce covers whole minutes up to it, and never past its own minute).
    let end: Date

    /// The subrequests, in order: for each target its `updated`, `deleted` and count, as it has them.
    var subrequests: [CompositeSubrequest] {
        targets.flatMap { target -> [CompositeSubrequest] in
            var subs: [CompositeSubrequest] = []
            if let from = target.from {
                let start = Date(timeIntervalSince1970: TimeInterval(from))
                subs.append(.updated(target.object, start: start, end: end))
                if target.deletes { subs.append(.deleted(target.object, start: start, end: end)) }
            }
            if target.countsArchived { subs.append(.query(ArchivedRows.countSOQL(target.object), includeDeleted: true)) }
            return subs
        }
    }

    /// What the answers (one per subrequest, in order) say of each object.
    func findings(_ answers: [CompositeSubresponse]) -> [String: ProbeFinding] {
        var findings: [String: ProbeFinding] = [:]
        var next = answers.makeIterator()
        for target in targets {
            var finding = ProbeFinding()
            if let from = target.from {
                let updated = next.next()
                let deleted = target.deletes ? next.next() : nil
                if let known = Self.known(from: from, updated: updated, deleted: deleted, deletes: target.deletes) {
                    (finding.from, finding.until, finding.updated, finding.deletedIDs) = (from, known.until, known.updated, known.deletedIDs)
                }
            }
            if target.countsArchived, let answer = next.next(), answer.error == nil,
               let count = try? answer.queryPage(fields: []) {
                finding.archivedCount = count.totalSize
            }
            if finding != ProbeFinding() { findings[target.object] = finding }
        }
        return findings
    }

    /// Deleted ids past this many are read by the deletes query instead (they travel in the job).
    static let deletedIDLimit = 10_000

    /// What both answers prove of the minutes they cover: their end (seconds), whether any row
    /// was updated, and exactly which were deleted. Nil when the answers cannot prove it.
    static func known(from: Int64, updated: CompositeSubresponse?, deleted: CompositeSubresponse?, deletes: Bool)
        -> (until: Int64, updated: Bool, deletedIDs: [String])? {
        guard let updated, updated.error == nil, let changed = try? updated.updated(),
              var covered = changed.latestDateCovered.map(seconds)
        else { return nil }
        var deletedIDs: [String] = []
        if deletes {
            guard let deleted, deleted.error == nil, let gone = try? deleted.deleted(), gone.records.count <= deletedIDLimit,
                  let latest = gone.latestDateCovered.map(seconds)
            else { return nil }
            // A log that does not reach back to the window's start cannot say what was deleted in it.
            if let earliest = gone.earliestDateAvailable, seconds(earliest) > from { return nil }
            covered = min(covered, latest)
            deletedIDs = gone.records.map(\.id)
        }
        return covered > from ? (covered, !changed.ids.isEmpty, deletedIDs) : nil
    }

    private static func seconds(_ date: Date) -> Int64 { Int64(date.timeIntervalSince1970.rounded(.down)) }
}

/// What the cycle's probe found for one table, carried in its plan (to workers too).
struct ProbeFinding: Sendable, Codable, Equatable {
    /// The window the answers speak for, `from` to `until` (seconds since the epoch): whether
    /// any row was updated in it, and the ids deleted in it (all of them).
    var from: Int64?
    var until: Int64?
    var updated: Bool?
    var deletedIDs: [String]?
    /// The org's count of archived rows (`ArchivedRows`), asked in the probe's composite.
    var archivedCount: Int?

    /// What is known of a window that starts at `windowFrom`: only a probe that asked from
    /// there or earlier speaks for it.
    func known(from windowFrom: Int64) -> (until: Int64, updated: Bool, deletedIDs: [String])? {
        guard let from, let until, let updated, from <= windowFrom, until > windowFrom else { return nil }
        return (until, updated, deletedIDs ?? [])
    }
}
