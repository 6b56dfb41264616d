import Foundation
import NIOCore

/// A byte buffer that grows by doubling and copies with `memcpy`: no generic code on the path,
/// so it stays fast in debug builds too, where the load tests run.
final class GrowableBytes {
    private var base: UnsafeMutablePointer<UInt8>
    private var capacity: Int
    private(set) var count = 0

    init(capacity: Int) {
        self.capacity = max(capacity, 64)
        base = .allocate(capacity: self.capacity)
    }

    deinit { base.deallocate() }

    func append(_ byte: UInt8) {
        reserve(1)
        base[count] = byte
        count += 1
    }

    func append(_ bytes: UnsafeBufferPointer<UInt8>) {
        guard let source = bytes.baseAddress, !bytes.isEmpty else { return }
        reserve(bytes.count)
        memcpy(base + count, source, bytes.count)
        count += bytes.count
    }

    /// Writes `value` in decimal.
    func appendDecimal(_ value: Int64) {
        reserve(20)
        var magnitude = value.magnitude
        if value < 0 { append(UInt8(ascii: "-")) }
        var digits = 0
        repeat {
            base[count + digits] = UInt8(ascii: "0") + UInt8(magnitude % 10)
            magnitude /= 10
            digits += 1
        } while magnitude > 0
        // The digits came out least significant first.
        var low = count, high = count + digits - 1
        while low < high {
            let byte = base[low]
            base[low] = base[high]
            base[high] = byte
            low += 1
            high -= 1
        }
        count += digits
    }

    func byteBuffer() -> ByteBuffer {
        ByteBuffer(bytes: UnsafeRawBufferPointer(start: base, count: count))
    }

    private func reserve(_ extra: Int) {
        guard count + extra > capacity else { return }
        let grown = max(capacity * 2, count + extra)
        let bigger = UnsafeMutablePointer<UInt8>.allocate(capacity: grown)
        bigger.update(from: base, count: count)
        base.deallocate()
        base = bigger
        capacity = grown
    }
}
