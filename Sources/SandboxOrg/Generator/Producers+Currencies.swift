import SOQL

/// The records of `CurrencyType` and `DatedConversionRate` (`MultiCurrency`).
extension GeneratorContext {
    func currencyTypes() -> Make {
        { i, b in
            let currency = MultiCurrency.currencies[i % MultiCurrency.currencies.count]
            let created = asOf - 1_200 * Time.day
            b.put("Id", .string(SalesforceID.make(prefix: "02B", index: i)))
            b.put("IsoCode", .string(currency.code)); b.put("ConversionRate", .number(currency.rate))
            b.put("DecimalPlaces", .integer(Int64(currency.decimals))); b.put("IsActive", .boolean(true))
            b.put("IsCorporate", .boolean(currency.code == MultiCurrency.corporate))
            audit(into: &b, created: created, modified: created, by: admin)
        }
    }

    /// Range q of currency c is record c × quarters + q; each starts a quarter and ends where the next begins.
    func datedConversionRates() -> Make {
        let quarters = MultiCurrency.datedQuarters
        let asOfDay = Time.days(asOf)
        return { i, b in
            let currency = MultiCurrency.datedCurrencies[(i / quarters) % MultiCurrency.datedCurrencies.count]
            let q = i % quarters
            let start = MultiCurrency.quarterStart(q, asOfDay: asOfDay)
            let entered = min(asOf, Int64(start) * Time.day - 5 * Time.day)
            b.put("Id", .string(SalesforceID.make(prefix: "04w", index: i)))
            b.put("IsoCode", .string(currency.code)); b.put("ConversionRate", .number(MultiCurrency.datedRate(currency, quarter: q)))
            b.put("StartDate", .date(start))
            b.put("NextStartDate", q + 1 < quarters ? .date(MultiCurrency.quarterStart(q + 1, asOfDay: asOfDay)) : .null)
            audit(into: &b, created: entered, modified: entered, by: admin)
        }
    }
}
