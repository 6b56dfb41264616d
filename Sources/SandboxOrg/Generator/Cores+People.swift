/// The first facts about one account, drawn in the order its producer always drew them, with
/// the stream left where they end so the producer draws the rest from it. The plan reads the
/// creation time of every account from here, so records that point at an account can pick one
/// that already existed.
struct AccountCore {
    var stem: Int
    var suffix: Int
    var industry: Int
    var employees: Int
    var country: Int
    var state: Int
    var owner: Int
    var created: Int64
    var random: RecordRandom
}

/// The same for a contact that no lead conversion made.
struct ContactCore {
    var firstName: Int
    var lastName: Int
    var title: Int
    var country: Int
    var state: Int
    var source: Int  // -1: none
    var stem: Int
    var owner: Int
    var created: Int64
    var random: RecordRandom
}

extension DataGenerator {
    static let accountStream: UInt64 = 19
    static let contactStream: UInt64 = 17

    static func accountCore(_ a: Int, seed: UInt64, asOf: Int64, owners: Range<Int>) -> AccountCore {
        var r = RecordRandom(seed: seed, stream: accountStream, index: a)
        let stem = r.below(Vocabulary.companyStems.count)
        let suffix = r.below(Vocabulary.companySuffixes.count)
        let industry = r.below(Vocabulary.industries.count)
        let employees = Int(r.unit() * r.unit() * 20_000) + 5
        let country = r.weighted(Vocabulary.countryWeights)
        let state = r.below(Vocabulary.countries[country].states.count)
        let owner = owners.isEmpty ? 0 : owners.lowerBound + r.below(owners.count)
        let created = asOf - Int64(r.unit() * 720) * Time.day - Int64(r.below(Int(Time.day)))
        return AccountCore(stem: stem, suffix: suffix, industry: industry, employees: employees, country: country, state: state,
                           owner: owner, created: created, random: r)
    }

    static func contactCore(_ i: Int, seed: UInt64, asOf: Int64, owners: Range<Int>) -> ContactCore {
        var r = RecordRandom(seed: seed, stream: contactStream, index: i)
        let first = r.below(Vocabulary.firstNames.count)
        let last = r.below(Vocabulary.lastNames.count)
        let title = r.below(Vocabulary.titles.count)
        let country = r.weighted(Vocabulary.countryWeights)
        let state = r.below(Vocabulary.countries[country].states.count)
        let source = r.chance(0.7) ? r.weighted(Vocabulary.leadSourceWeights) : -1
        let stem = r.below(Vocabulary.companyStems.count)
        let owner = owners.isEmpty ? 0 : owners.lowerBound + r.below(owners.count)
        let created = asOf - Int64(r.unit() * 720) * Time.day - Int64(r.below(Int(Time.day)))
        return ContactCore(firstName: first, lastName: last, title: title, country: country, state: state, source: source, stem: stem,
                           owner: owner, created: created, random: r)
    }
}

/// The records of one object in the order they were created, so a record that points at one
/// (an opportunity at its account and contact, a contact at its account) can pick one that
/// existed when it was made: a production org has no lookup to a record from its future.
struct CreatedOrder: Sendable {
    /// Creation times, ascending, and the record each belongs to.
    private let times: [Int64]
    private let indices: [Int32]

    init(created: [Int64]) {
        let order = created.indices.sorted { (created[$0], $0) < (created[$1], $1) }
        times = order.map { created[$0] }
        indices = order.map { Int32($0) }
    }

    /// How many records were created before `time`.
    func count(before time: Int64) -> Int {
        var lo = 0
        var hi = times.count
        while lo < hi {
            let mid = (lo + hi) / 2
            if times[mid] < time { lo = mid + 1 } else { hi = mid }
        }
        return lo
    }

    /// A record created before `time`, chosen by one draw of `r` whatever happens (so the draws
    /// after it do not move); -1 when none was.
    func pick(before time: Int64, _ r: inout RecordRandom) -> Int {
        let draw = r.next()
        let n = count(before: time)
        return n == 0 ? -1 : Int(indices[Int(draw % UInt64(n))])
    }

    /// The `k`-th record (modulo how many) created before `time`; the first ever made when none
    /// was, for a lookup that may not be empty.
    func element(before time: Int64, _ k: Int) -> Int {
        guard let first = indices.first else { return -1 }
        let n = count(before: time)
        return n == 0 ? Int(first) : Int(indices[(k % n + n) % n])
    }
}
