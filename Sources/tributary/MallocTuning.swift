#if canImport(Glibc)
import Glibc
#endif
import Foundation

/// glibc's allocator settings for a process that moves millions of rows in chunks of a few
/// megabytes.
///
/// By default glibc raises its mmap threshold to the size of each large block freed, so after
/// the first chunks every chunk buffer comes from the heap, and with an arena per thread the
/// freed ones stay mapped: a first sync at scale 1000 (5.75 M rows, Task 2.9 M) peaked at 267 MB
/// while its steady state was about 195 MB. With the threshold fixed at 128 KiB (chunk buffers
/// are mapped and unmapped whole), trimming at 128 KiB and two arenas, the same sync peaks at
/// 179 MB (`tributary bench sync --scale 1000`, session 7). Not applied when the operator set
/// any `MALLOC_` variable: theirs win.
enum MallocTuning {
    static func apply(environment: [String: String] = ProcessInfo.processInfo.environment) {
        #if canImport(Glibc)
        guard !environment.keys.contains(where: { $0.hasPrefix("MALLOC_") }) else { return }
        // `mallopt` is in <malloc.h>, which Swift's Glibc module leaves out: found by name, with
        // glibc's option numbers (M_TRIM_THRESHOLD -1, M_MMAP_THRESHOLD -3, M_ARENA_MAX -8).
        typealias Mallopt = @convention(c) (Int32, Int32) -> Int32
        guard let symbol = dlsym(nil, "mallopt") else { return }
        let mallopt = unsafeBitCast(symbol, to: Mallopt.self)
        _ = mallopt(-3, 128 * 1024)
        _ = mallopt(-1, 128 * 1024)
        _ = mallopt(-8, 2)
        #endif
    }
}
