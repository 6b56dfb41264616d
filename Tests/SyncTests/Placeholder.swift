import Testing
import Sync

@Test func SyncLinks() {}
