/// Picklist values that several objects share, as a new org ships them.
enum Picklists {
    static func values(_ values: String...) -> [PicklistValue] { values.map { PicklistValue($0) } }

    static let leadSource = values("Web", "Phone Inquiry", "Partner Referral", "Purchased List", "Other")
    static let rating = values("Hot", "Warm", "Cold")
    static let salutation = values("Mr.", "Ms.", "Mrs.", "Dr.", "Prof.", "Mx.")
    static let industry = values(
        "Agriculture", "Apparel", "Banking", "Biotechnology", "Chemicals", "Communications", "Construction",
        "Consulting", "Education", "Electronics", "Energy", "Engineering", "Entertainment", "Environmental", "Finance",
        "Food & Beverage", "Government", "Healthcare", "Hospitality", "Insurance", "Machinery", "Manufacturing",
        "Media", "Not For Profit", "Recreation", "Retail", "Shipping", "Technology", "Telecommunications",
        "Transportation", "Utilities", "Other")
    static let geocodeAccuracy = values(
        "Address", "NearAddress", "Block", "Street", "ExtendedZip", "Zip", "Neighborhood", "City", "County", "State",
        "Unknown")
    /// Data.com clean states: the API value differs from the label for most.
    static let cleanStatus = [
        PicklistValue("Matched", label: "In Sync"), PicklistValue("Different"),
        PicklistValue("Acknowledged", label: "Reviewed"), PicklistValue("NotFound", label: "Not Found"),
        PicklistValue("Inactive"), PicklistValue("Pending", label: "Not Compared"),
        PicklistValue("SelectMatch", label: "Select Match"), PicklistValue("Skipped"),
    ]
    static let opportunityStage = values(
        "Prospecting", "Qualification", "Needs Analysis", "Value Proposition", "Id. Decision Makers",
        "Perception Analysis", "Proposal/Price Quote", "Negotiation/Review", "Closed Won", "Closed Lost")
    static let opportunityType = values(
        "Existing Customer - Upgrade", "Existing Customer - Replacement", "Existing Customer - Downgrade",
        "New Customer")
    static let forecastCategory = [
        PicklistValue("Omitted"), PicklistValue("Pipeline"), PicklistValue("BestCase", label: "Best Case"),
        PicklistValue("MostLikely", label: "Most Likely"), PicklistValue("Forecast", label: "Commit"),
        PicklistValue("Closed"),
    ]
    static let forecastCategoryName = values("Omitted", "Pipeline", "Best Case", "Commit", "Closed")
    static let activitySubject = values("Call", "Email", "Meeting", "Send Letter/Quote", "Other")
    static let taskStatus = [
        PicklistValue("Not Started", isDefault: true), PicklistValue("In Progress"), PicklistValue("Completed"),
        PicklistValue("Waiting on someone else"), PicklistValue("Deferred"),
    ]
    static let taskPriority = [PicklistValue("High"), PicklistValue("Normal", isDefault: true), PicklistValue("Low")]
    static let monthOfYear = values(
        "January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
        "November", "December")
    static let recurrenceType = [
        PicklistValue("RecursDaily", label: "Recurs Daily"),
        PicklistValue("RecursEveryWeekday", label: "Recurs Every Weekday"),
        PicklistValue("RecursMonthly", label: "Recurs Monthly"),
        PicklistValue("RecursMonthlyNth", label: "Recurs Monthly Nth"),
        PicklistValue("RecursWeekly", label: "Recurs Weekly"), PicklistValue("RecursYearly", label: "Recurs Yearly"),
        PicklistValue("RecursYearlyNth", label: "Recurs Yearly Nth"),
    ]
    static let recurrenceInstance = [
        PicklistValue("First", label: "1st"), PicklistValue("Second", label: "2nd"),
        PicklistValue("Third", label: "3rd"), PicklistValue("Fourth", label: "4th"),
        PicklistValue("Last", label: "last"),
    ]
    /// A representative subset of the ~420 zones a real org lists (value = Olson id); enough for
    /// users and recurring activities, not a full copy.
    static let timeZones: [PicklistValue] = [
        ("Pacific/Auckland", "(GMT+13:00) New Zealand Daylight Time"), ("Australia/Sydney", "(GMT+11:00) Australian Eastern Daylight Time"),
        ("Asia/Tokyo", "(GMT+09:00) Japan Standard Time"), ("Asia/Seoul", "(GMT+09:00) Korean Standard Time"),
        ("Asia/Shanghai", "(GMT+08:00) China Standard Time"), ("Asia/Singapore", "(GMT+08:00) Singapore Standard Time"),
        ("Asia/Kolkata", "(GMT+05:30) India Standard Time"), ("Asia/Dubai", "(GMT+04:00) Gulf Standard Time"),
        ("Europe/Moscow", "(GMT+03:00) Moscow Standard Time"), ("Europe/Athens", "(GMT+02:00) Eastern European Standard Time"),
        ("Africa/Johannesburg", "(GMT+02:00) South Africa Standard Time"), ("Europe/Berlin", "(GMT+01:00) Central European Standard Time"),
        ("Europe/Paris", "(GMT+01:00) Central European Standard Time"), ("Europe/London", "(GMT+00:00) Greenwich Mean Time"),
        ("GMT", "(GMT+00:00) Greenwich Mean Time"), ("America/Sao_Paulo", "(GMT-03:00) Brasilia Standard Time"),
        ("America/New_York", "(GMT-05:00) Eastern Standard Time"), ("America/Chicago", "(GMT-06:00) Central Standard Time"),
        ("America/Denver", "(GMT-07:00) Mountain Standard Time"), ("America/Phoenix", "(GMT-07:00) Mountain Standard Time"),
        ("America/Los_Angeles", "(GMT-08:00) Pacific Standard Time"), ("America/Anchorage", "(GMT-09:00) Alaska Standard Time"),
        ("Pacific/Honolulu", "(GMT-10:00) Hawaii-Aleutian Standard Time"),
    ].map { PicklistValue($0.0, label: "\($0.1) (\($0.0))") }
}
