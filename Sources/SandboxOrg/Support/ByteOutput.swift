/// Where the JSON and CSV writers put bytes: a `[UInt8]` for the odd response, or a `ByteSink`
/// on the hot paths (REST pages and Bulk results), so one writer serves both.
protocol ByteOutput: ~Copyable {
    mutating func put(_ byte: UInt8)
    mutating func put(_ bytes: UnsafeBufferPointer<UInt8>)
    /// Lets `body` write up to `limit` bytes in place; it returns how many it wrote.
    mutating func write(upTo limit: Int, _ body: (UnsafeMutablePointer<UInt8>) -> Int)
}

extension ByteOutput where Self: ~Copyable {
    mutating func put(_ bytes: [UInt8]) { bytes.withUnsafeBufferPointer { put($0) } }

    mutating func put(utf8 text: String) {
        var text = text
        text.withUTF8 { put($0) }
    }

    /// Literals (`out.put("null")`): their bytes are constant, with no lazy global to check.
    mutating func put(_ text: StaticString) {
        put(UnsafeBufferPointer(start: text.utf8Start, count: text.utf8CodeUnitCount))
    }
}

extension Array: ByteOutput where Element == UInt8 {
    mutating func put(_ byte: UInt8) { append(byte) }
    mutating func put(_ bytes: UnsafeBufferPointer<UInt8>) { append(contentsOf: bytes) }

    mutating func write(upTo limit: Int, _ body: (UnsafeMutablePointer<UInt8>) -> Int) {
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: limit) { p in
            guard let base = p.baseAddress else { return }
            append(contentsOf: UnsafeBufferPointer(start: base, count: body(base)))
        }
    }
}

/// A growable byte buffer written through a raw pointer. `Array.append(contentsOf:)` checks
/// uniqueness and capacity and goes through a generic copy on every call; a 2,000-record REST
/// page makes a few hundred thousand small appends, and those checks were a third of its cost.
struct ByteSink: ~Copyable, ByteOutput {
    private var start: UnsafeMutablePointer<UInt8>
    private var capacity: Int
    private(set) var count = 0
    /// Whether its memory goes back to `BytePools` (REST page shares) instead of being freed.
    private let pooled: Bool

    init(capacity: Int = 4_096, pooled: Bool = false) {
        self.pooled = pooled
        if pooled, let block = BytePools.block(capacity: capacity) {
            (start, self.capacity) = (block.start, block.capacity)
        } else {
            self.capacity = max(16, capacity)
            self.start = .allocate(capacity: self.capacity)
        }
    }

    deinit {
        if pooled {
            BytePools.recycle(BytePools.Block(start: start, capacity: capacity))
        } else {
            start.deallocate()
        }
    }

    /// Room for `n` more bytes.
    @inline(__always) mutating func reserve(_ n: Int) {
        if count &+ n > capacity { grow(to: count + n) }
    }

    private mutating func grow(to needed: Int) {
        var larger = max(needed, capacity * 2)
        let moved: UnsafeMutablePointer<UInt8>
        if pooled, let block = BytePools.block(capacity: larger) {
            (moved, larger) = (block.start, block.capacity)
        } else {
            moved = .allocate(capacity: larger)
        }
        moved.initialize(from: start, count: count)
        if pooled {
            BytePools.recycle(BytePools.Block(start: start, capacity: capacity))
        } else {
            start.deallocate()
        }
        start = moved
        capacity = larger
    }

    @inline(__always) mutating func put(_ byte: UInt8) {
        reserve(1)
        start[count] = byte
        count &+= 1
    }

    @inline(__always) mutating func put(_ bytes: UnsafeBufferPointer<UInt8>) {
        guard let base = bytes.baseAddress else { return }
        reserve(bytes.count)
        (start + count).update(from: base, count: bytes.count)
        count &+= bytes.count
    }

    @inline(__always) mutating func write(upTo limit: Int, _ body: (UnsafeMutablePointer<UInt8>) -> Int) {
        reserve(limit)
        count &+= body(start + count)
    }

    /// Empties the sink, keeping its memory.
    mutating func removeAll() { count = 0 }

    var bytes: UnsafeBufferPointer<UInt8> { UnsafeBufferPointer(start: start, count: count) }
}
