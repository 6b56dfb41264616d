import Foundation
import SOQL

/// `--multi-currency`: the org keeps amounts in several currencies, as a multinational's does.
/// Every object with a currency field gains `CurrencyIsoCode` (a restricted picklist of the
/// active currencies; records made without one take the corporate currency), and the org gains
/// `CurrencyType` (each currency's static rate against the corporate one) and
/// `DatedConversionRate` (rates by date range, advanced currency management). Sources: Object
/// Reference, *CurrencyType* and *DatedConversionRate* (fields, types, "Conversion rate of this
/// currency type against the corporate currency", `NextStartDate` "the day after the end date");
/// the key prefixes are [inf]. A record's amounts are in its own currency: the generator makes
/// them in the corporate currency and converts them at the static rate.
enum MultiCurrency {
    struct Currency: Sendable {
        var code: String
        /// Units of this currency per unit of the corporate currency.
        var rate: Double
        var decimals: Int
        /// Share of generated records kept in this currency.
        var share: Double
    }

    static let field = "CurrencyIsoCode"
    static let corporate = "USD"
    static let currencies = [
        Currency(code: "USD", rate: 1, decimals: 2, share: 0.5),
        Currency(code: "EUR", rate: 0.92, decimals: 2, share: 0.2),
        Currency(code: "GBP", rate: 0.79, decimals: 2, share: 0.15),
        Currency(code: "JPY", rate: 151.4, decimals: 0, share: 0.1),
        Currency(code: "CAD", rate: 1.36, decimals: 2, share: 0.05),
    ]
    /// Dated rates: one range per currency per quarter, for this many quarters before `asOf`
    /// (the first range starts then; the last has no `NextStartDate`).
    static let datedQuarters = 16

    static func isoCodeField() -> FieldSchema {
        FieldSchema(field, .picklist, label: "Currency ISO Code", length: 3,
                    picklistValues: currencies.map { PicklistValue($0.code, label: $0.code, isDefault: $0.code == corporate) },
                    restrictedPicklist: true)
    }

    /// The org's schemas with `CurrencyIsoCode` appended to each object that has a currency
    /// field (after every other field, so their positions do not move), and the two rate objects.
    static func schemas(_ all: [ObjectSchema]) -> [ObjectSchema] {
        withIsoCodes(all) + [currencyType, datedConversionRate]
    }

    /// `CurrencyIsoCode` appended to each object that has a currency field.
    static func withIsoCodes(_ all: [ObjectSchema]) -> [ObjectSchema] {
        all.map { schema in
            guard schema.fields.contains(where: { $0.type == .currency }), schema.fieldIndex(named: field) == nil else { return schema }
            var converted = schema
            converted.append(isoCodeField())
            return converted
        }
    }

    static let currencyType = ObjectSchema(
        name: "CurrencyType", label: "Currency Type", labelPlural: "Currency Types", keyPrefix: "02B", deletable: false,
        fields: FieldSchema.list(
            [
                .id("Currency Type ID"),
                FieldSchema("IsoCode", .picklist, label: "Currency ISO Code", length: 3, nillable: false, picklist: currencies.map(\.code),
                            restrictedPicklist: true),
                FieldSchema("ConversionRate", .double, precision: 18, scale: 6, nillable: false),
                FieldSchema("DecimalPlaces", .int, digits: 9, nillable: false),
                FieldSchema("IsActive", .boolean, label: "Active", nillable: false, defaultedOnCreate: true, defaultValue: "false"),
                FieldSchema("IsCorporate", .boolean, label: "Corporate Currency", nillable: false, defaultedOnCreate: true, defaultValue: "false"),
            ],
            FieldSchema.audit))

    static let datedConversionRate = ObjectSchema(
        name: "DatedConversionRate", label: "Dated Conversion Rate", labelPlural: "Dated Conversion Rates", keyPrefix: "04w",
        fields: FieldSchema.list(
            [
                .id("Dated Conversion Rate ID"),
                FieldSchema("IsoCode", .picklist, label: "Currency ISO Code", length: 3, nillable: false, picklist: currencies.map(\.code),
                            restrictedPicklist: true),
                FieldSchema("ConversionRate", .double, label: "Exchange Rate", precision: 18, scale: 6, nillable: false),
                FieldSchema("StartDate", .date, nillable: false),
                FieldSchema("NextStartDate", .date, createable: false, updateable: false),
            ],
            FieldSchema.audit))

    /// The corporate currency has no dated rates of its own (its rate is always 1).
    static var datedCurrencies: [Currency] { currencies.filter { $0.code != corporate } }

    /// The rate of `currency` in quarter `q` (0 the oldest): the static rate, drifting a few
    /// percent from quarter to quarter, so a conversion at the dated rate differs from one at
    /// the static rate.
    static func datedRate(_ currency: Currency, quarter q: Int) -> Double {
        let drift = 0.06 * sin(Double(q) * 0.9 + Double(currency.code.utf8.first ?? 0))
        let decimals = pow(10.0, 6.0)
        return (currency.rate * (1 + drift) * decimals).rounded() / decimals
    }

    /// The first day (days since 1970) of quarter `q` of the dated ranges, which end with the
    /// quarter holding `asOfDay`.
    static func quarterStart(_ q: Int, asOfDay: Int32) -> Int32 {
        let date = Date(timeIntervalSince1970: TimeInterval(asOfDay) * 86_400)
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC") ?? .gmt
        let year = calendar.component(.year, from: date)
        let quarter = (calendar.component(.month, from: date) - 1) / 3
        let index = year * 4 + quarter - (datedQuarters - 1) + q
        let start = calendar.date(from: DateComponents(year: index / 4, month: (index % 4) * 3 + 1, day: 1)) ?? date
        return Int32((start.timeIntervalSince1970 / 86_400).rounded(.down))
    }

    /// A record's currency, from its own random stream.
    static func pick(_ random: inout RecordRandom) -> Currency {
        var roll = Double(random.below(10_000)) / 10_000
        for currency in currencies {
            if roll < currency.share { return currency }
            roll -= currency.share
        }
        return currencies[0]
    }

    /// An amount made in the corporate currency, in `currency`, rounded to its decimals.
    static func convert(_ amount: Double, to currency: Currency) -> Double {
        let scale = pow(10.0, Double(currency.decimals))
        return (amount * currency.rate * scale).rounded() / scale
    }
}
