import Testing
@testable import Analytics

/// Values from the warehouse or a fitted model that once would trap `Int(_:)` and stop the
/// process: no input may crash it.
@Suite struct ExtremeValueTests {
    @Test func hugeAndNonFiniteCountsReadAsZeroOrTheirWholeValue() {
        #expect(AnalyticsService.int("1e300") == 0)
        #expect(AnalyticsService.int("inf") == 0)
        #expect(AnalyticsService.int("-inf") == 0)
        #expect(AnalyticsService.int("nan") == 0)
        #expect(AnalyticsService.int("12.9") == 12)
        #expect(AnalyticsService.int("42") == 42)
        #expect(AnalyticsService.int(nil) == 0)
    }

    @Test func aProbabilityThatIsNotANumberScoresZero() {
        #expect(AnalyticsService.score(.nan) == 0)
        #expect(AnalyticsService.score(.infinity) == 0)
        #expect(AnalyticsService.score(2) == 100)
        #expect(AnalyticsService.score(0.426) == 43)
    }
}
