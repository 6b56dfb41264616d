import Analytics
import ArgumentParser
import Foundation
import Warehouse

/// `tributary analyze`: trains the lead-scoring model on the synced leads, writes the open
/// leads' scores to `tributary_lead_scores`, and reports how well the model did on a holdout.
struct AnalyzeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "analyze", abstract: "Score open leads from the synced data and report the model's quality.")

    @Flag(help: "Print the model's holdout figures, calibration table and strongest features.") var report = false
    @Flag(help: "Print the report as JSON instead of text.") var json = false
    @Flag(help: "Train and report without writing tributary_lead_scores.") var dryRun = false
    @Flag(help: "Use the lead's age as a feature (off: it mostly reflects when outcomes get recorded).") var leadAge = false
    @Option(help: "Reference day (YYYY-MM-DD, UTC) lead ages are counted to (default: today).") var asOf: String?
    @Option(help: ArgumentHelp("Leave out of training and the holdout the leads with an outcome created fewer than N days before the reference day (default: the close-as-lost age found in the data; 0 keeps them all).", valueName: "N"))
    var closeAsLostDays: Int?
    @OptionGroup var data: DataOptions

    func validate() throws {
        if let asOf, Self.day(asOf) == nil { throw ValidationError("--as-of takes a day such as 2026-01-31 (got '\(asOf)')") }
        if let days = closeAsLostDays, days < 0 { throw ValidationError("--close-as-lost-days takes 0 or more days (got \(days))") }
    }

    func run() async throws {
        guard FileManager.default.fileExists(atPath: data.warehousePath) else {
            throw AnalyzeFailure("nothing has been synced yet: there is no warehouse at \(data.warehousePath). "
                + "Connect an org with `tributary connect salesforce` and run `tributary sync` first.")
        }
        let warehouse = try await data.openWarehouse()
        var options = LeadScoringOptions(leadAge: leadAge, writeScores: !dryRun, closeAsLostDays: closeAsLostDays)
        if let asOf, let day = Self.day(asOf) { options.asOf = day }
        let result: LeadScoringReport
        do {
            result = try await AnalyticsService(warehouse: warehouse).scoreLeads(options)
        } catch AnalyticsError.missingTable(let table) {
            throw AnalyzeFailure("nothing to score: the warehouse has no \(table) table. Select Lead for the connection and run "
                + "`tributary sync` first (Task, Event and CampaignMember add activity features).")
        }
        if json {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
            say(String(decoding: try encoder.encode(result), as: UTF8.self))
        } else {
            say(report ? LeadScoringText.render(result) : LeadScoringText.summary(result))
        }
    }

    static func day(_ text: String) -> Date? {
        guard text.count == 10 else { return nil }
        return try? Date("\(text)T00:00:00Z", strategy: .iso8601)
    }
}

/// A failure with a message meant for the person at the terminal.
struct AnalyzeFailure: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
