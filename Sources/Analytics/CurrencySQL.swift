import Warehouse

/// Converting an amount to the corporate currency in SQL, for the query layer and the built-in
/// revenue analyses alike (one rule, not two). Salesforce's rates are units of a currency per
/// unit of the corporate one (`CurrencyType.ConversionRate`, "against the corporate currency"),
/// so an amount is divided by its record's rate: the `DatedConversionRate` range in force on the
/// record's day when one is given and covers it, else the static rate. A record without a
/// currency is in the corporate one.
struct CurrencySQL {
    static let isoCode = "currencyisocode"
    static let currencyTypes = "sf_currencytype"
    static let datedRates = "sf_datedconversionrate"

    let dialect: SQLDialect

    /// The `LEFT JOIN`s of the rates for the currency code `code`: the static rate as
    /// `staticAlias`, and with a `day` (SQL of a date) the dated range in force on it as `datedAlias`.
    func joins(code: String, staticAlias: String, datedAlias: String?, day: String?) -> String {
        var sql = " LEFT JOIN \(dialect.quote(Self.currencyTypes)) \(staticAlias) ON \(staticAlias).\(dialect.quote("isocode")) = \(code)"
        if let d = datedAlias, let day {
            // The range in force on the day: StartDate on or before it, NextStartDate after it (or none).
            let next = "\(d).\(dialect.quote("nextstartdate"))"
            sql += " LEFT JOIN \(dialect.quote(Self.datedRates)) \(d) ON \(d).\(dialect.quote("isocode")) = \(code)"
                + " AND \(d).\(dialect.quote("startdate")) <= \(day) AND (\(next) IS NULL OR \(next) > \(day))"
        }
        return sql
    }

    /// `amount` in the corporate currency, with the rates joined by `joins` under the same aliases.
    func converted(_ amount: String, code: String, staticAlias: String, datedAlias: String?) -> String {
        let staticRate = "\(staticAlias).\(dialect.quote("conversionrate"))"
        let rate = datedAlias.map { "COALESCE(\($0).\(dialect.quote("conversionrate")), \(staticRate))" } ?? staticRate
        return "(\(amount) / CASE WHEN \(code) IS NULL THEN 1 ELSE \(rate) END)"
    }
}

/// How the built-in revenue analyses read `sf_opportunity.amount`: converted (at the dated rate
/// of the close date) in a multi-currency org whose rates are synced, as stored otherwise.
struct OpportunityAmount: Sendable {
    /// The amount's SQL (`o.amount`, or its conversion).
    var expression: String
    /// The rate joins to add after `FROM sf_opportunity o`.
    var joins: String
    /// Converted to the corporate currency (false: one currency, or the rates are not synced,
    /// and amounts are added as stored). Which currency that is, only the note asks
    /// (`amountCurrencyNote`): every metric reads this, and the lookup is a query.
    var converts: Bool
}

extension AnalyticsService {
    /// The opportunity amount as the built-in analyses add it (`OpportunityAmount`).
    func opportunityAmount() async throws -> OpportunityAmount {
        let plain = OpportunityAmount(expression: "o.amount", joins: "", converts: false)
        guard try await warehouse.tableSpec("sf_opportunity")?.column(named: CurrencySQL.isoCode) != nil,
              try await warehouse.tableSpec(CurrencySQL.currencyTypes) != nil else { return plain }
        let sql = CurrencySQL(dialect: dialect)
        let dated = try await warehouse.tableSpec(CurrencySQL.datedRates) != nil ? "dr" : nil
        let code = "o.\(dialect.quote(CurrencySQL.isoCode))"
        return OpportunityAmount(
            expression: sql.converted("o.amount", code: code, staticAlias: "cr", datedAlias: dated),
            joins: sql.joins(code: code, staticAlias: "cr", datedAlias: dated, day: dialect.day("o.closedate", type: .date)),
            converts: true)
    }

    /// What the revenue analyses' amounts are, for the person reading them: nil in a
    /// single-currency org; a warning when the org has several currencies but no synced rates.
    public func amountCurrencyNote() async throws -> String? {
        if try await opportunityAmount().converts, let currency = try await corporateCurrency() {
            return "Amounts in \(currency), the corporate currency: each deal converted from its own currency at the rate in force on its close date."
        }
        guard try await warehouse.tableSpec("sf_opportunity")?.column(named: CurrencySQL.isoCode) != nil else { return nil }
        return "Amounts are added as stored, across currencies: sync CurrencyType (and DatedConversionRate) to convert them."
    }

    /// The org's corporate currency (`CurrencyType.IsCorporate`); nil when its rates are not synced.
    public func corporateCurrency() async throws -> String? {
        guard try await warehouse.tableSpec(CurrencySQL.currencyTypes) != nil else { return nil }
        var s = Statement(dialect)
        s.append("SELECT \(dialect.quote("isocode")), \(dialect.quote("iscorporate")) FROM \(dialect.quote(CurrencySQL.currencyTypes))")
        return try await run(s).first { $0.count > 1 && ["1", "true", "t"].contains($0[1] ?? "") }?[0] ?? nil
    }
}
