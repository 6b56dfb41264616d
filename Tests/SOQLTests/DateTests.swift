import SOQL
import Testing

@Suite("SOQLDate formatting and parsing")
struct DateTests {
    @Test func knownDays() {
        #expect(SOQLDate.days(year: 1970, month: 1, day: 1) == 0)
        #expect(SOQLDate.days(year: 2000, month: 3, day: 1) == 11_017)
        #expect(SOQLDate.days(year: 2024, month: 2, day: 29) == 19_782)
        #expect(SOQLDate.formatDate(19_782) == "2024-02-29")
        #expect(SOQLDate.formatDate(0) == "1970-01-01")
        #expect(SOQLDate.formatDate(-1) == "1969-12-31")
    }

    @Test func everyDayRoundTripsAcrossLeapYears() {
        // 1896 through 2104 covers the non-leap centuries 1900 and 2100 and the leap year 2000.
        var previous: (year: Int, month: Int, day: Int)?
        for days in Int32(-27_000)...Int32(49_000) {
            let civil = SOQLDate.civil(fromDays: days)
            #expect(SOQLDate.days(year: civil.year, month: civil.month, day: civil.day) == days)
            let text = SOQLDate.formatDate(days)
            if SOQLDate.parseDate(text) != days { Issue.record("round trip failed for \(text)") }
            if let p = previous, p.month == 2, civil.month == 3 {
                #expect(p.day == (SOQLDate.isLeapYear(p.year) ? 29 : 28))
            }
            previous = civil
        }
        #expect(SOQLDate.isLeapYear(2000) && !SOQLDate.isLeapYear(1900) && !SOQLDate.isLeapYear(2100))
    }

    @Test func invalidDatesAreRejected() {
        #expect(SOQLDate.parseDate("2023-02-29") == nil)
        #expect(SOQLDate.parseDate("2024-02-30") == nil)
        #expect(SOQLDate.parseDate("2024-13-01") == nil)
        #expect(SOQLDate.parseDate("2024-1-01") == nil)
        #expect(SOQLDate.parseDate("2024-01-01x") == nil)
        #expect(SOQLDate.parseDate("2100-02-29") == nil)
        #expect(SOQLDate.parseDate("2000-02-29") == 11_016)
    }

    @Test func dateTimeFormats() {
        let value: Int64 = 1_713_294_000_123  // 2024-04-16T19:00:00.123Z
        #expect(SOQLDate.formatDateTime(value) == "2024-04-16T19:00:00.123+0000")
        #expect(SOQLDate.formatDateTime(value, style: .bulk) == "2024-04-16T19:00:00.123Z")
        #expect(SOQLDate.formatDateTime(0) == "1970-01-01T00:00:00.000+0000")
        #expect(SOQLDate.formatDateTime(951_868_799_999, style: .bulk) == "2000-02-29T23:59:59.999Z")
        var buffer = Array("x=".utf8)
        SOQLDate.appendDateTime(value, style: .bulk, to: &buffer)
        buffer.append(UInt8(ascii: ","))
        SOQLDate.appendDate(19_782, to: &buffer)
        #expect(String(decoding: buffer, as: UTF8.self) == "x=2024-04-16T19:00:00.123Z,2024-02-29")
        #expect(SOQLDate.formatTime(45_296_789) == "12:34:56.789Z")
    }

    @Test func dateTimeParsing() {
        #expect(SOQLDate.parseDateTime("2024-04-16T19:00:00.123Z") == 1_713_294_000_123)
        #expect(SOQLDate.parseDateTime("2024-04-16T19:00:00.123+0000") == 1_713_294_000_123)
        #expect(SOQLDate.parseDateTime("2024-04-16T19:00:00Z") == 1_713_294_000_000)
        #expect(SOQLDate.parseDateTime("2024-04-16T21:30:00+02:30") == 1_713_294_000_000)
        #expect(SOQLDate.parseDateTime("2024-04-16T14:00:00-05:00") == 1_713_294_000_000)
        #expect(SOQLDate.parseDateTime("2024-04-16T19:00:00.1Z") == 1_713_294_000_100)
        #expect(SOQLDate.parseDateTime("2024-04-16T19:00:00.123456Z") == 1_713_294_000_123)
        #expect(SOQLDate.parseDateTime("2024-04-16T19:00:00") == nil)
        #expect(SOQLDate.parseDateTime("2024-04-16T24:00:00Z") == nil)
        #expect(SOQLDate.parseDateTime("2024-04-16 19:00:00Z") == nil)
        #expect(SOQLDate.parseTime("12:34:56.789Z") == 45_296_789)
    }

    @Test func dateTimeRoundTrip() {
        var value: Int64 = 946_684_800_000 - 86_400_000 * 3
        while value < 4_102_444_800_000 {
            let rest = SOQLDate.formatDateTime(value)
            let bulk = SOQLDate.formatDateTime(value, style: .bulk)
            if SOQLDate.parseDateTime(rest) != value || SOQLDate.parseDateTime(bulk) != value {
                Issue.record("round trip failed for \(rest)")
            }
            value += 7_919_999_937
        }
        #expect(SOQLDate.day(ofMilliseconds: 86_399_999) == 0)
        #expect(SOQLDate.day(ofMilliseconds: -1) == -1)
    }
}
