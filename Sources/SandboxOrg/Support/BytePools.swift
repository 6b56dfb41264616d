import NIOCore
import Synchronization

/// Memory that REST pages are written into, kept from one page to the next. A page of 2,000
/// wide records is about 3 MB, written once into a `ByteSink` and copied once into the
/// `ByteBuffer`s that go out; fresh memory for both cost a page fault per 4 KB (about a tenth of
/// the page's time, in the kernel), since the allocator hands large blocks back to it on free.
enum BytePools {
    /// Blocks (and buffers) kept, at most; each is one share of a page.
    static let limit = 32
    /// Larger blocks are not kept (a page of huge records should not pin its memory).
    static let largest = 8 << 20
    /// Bytes kept at most, blocks and buffers each: a few pages' worth, not a high-water mark.
    static let keptBytes = 48 << 20

    /// A block for a `ByteSink`; `UnsafeMutablePointer` is not Sendable, the pool hands each
    /// block to one sink at a time.
    struct Block: @unchecked Sendable {
        let start: UnsafeMutablePointer<UInt8>
        let capacity: Int
    }

    private static let blocks = Mutex<[Block]>([])
    private static let buffers = Mutex<[ByteBuffer]>([])

    /// A kept block of at least `capacity` bytes, or nil.
    static func block(capacity: Int) -> Block? {
        blocks.withLock { kept in
            guard let i = kept.firstIndex(where: { $0.capacity >= capacity }) else { return nil }
            return kept.remove(at: i)
        }
    }

    /// Keeps `block` for a later sink, or frees it.
    static func recycle(_ block: Block) {
        let kept = block.capacity <= largest && blocks.withLock { kept in
            guard kept.count < limit, kept.reduce(0, { $0 + $1.capacity }) + block.capacity <= keptBytes else { return false }
            kept.append(block)
            return true
        }
        if !kept { block.start.deallocate() }
    }

    /// An empty buffer of at least `capacity` bytes. The oldest kept buffer is taken first: by
    /// then the channel has written it and let go of it, so writing into it copies nothing
    /// (a buffer still shared is copied on write, which is safe, only slower).
    static func buffer(capacity: Int) -> ByteBuffer {
        let kept = buffers.withLock { kept -> ByteBuffer? in
            guard let i = kept.firstIndex(where: { $0.capacity >= capacity }) else { return nil }
            return kept.remove(at: i)
        }
        guard var buffer = kept else { return ByteBufferAllocator().buffer(capacity: capacity) }
        buffer.clear()
        return buffer
    }

    /// Keeps sent buffers for later pages.
    static func recycle(_ sent: [ByteBuffer]) {
        buffers.withLock { kept in
            var bytes = kept.reduce(0) { $0 + $1.capacity }
            for buffer in sent where buffer.capacity >= 4_096 && buffer.capacity <= largest && kept.count < limit && bytes + buffer.capacity <= keptBytes {
                kept.append(buffer)
                bytes += buffer.capacity
            }
        }
    }
}
