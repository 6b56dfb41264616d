/// Word lists the generator draws realistic values from. Small on purpose: variety comes from
/// combining them, and short strings stay inline (no allocation) in Swift.
enum Vocabulary {
    static let firstNames = [
        "James", "Mary", "Robert", "Patricia", "John", "Jennifer", "Michael", "Linda", "David", "Elizabeth", "William",
        "Barbara", "Richard", "Susan", "Joseph", "Jessica", "Thomas", "Sarah", "Carlos", "Karen", "Daniel", "Lisa",
        "Matthew", "Nancy", "Anthony", "Sandra", "Mark", "Ashley", "Priya", "Emily", "Wei", "Sofia", "Ahmed", "Yuki",
        "Lucas", "Olivia", "Mateo", "Chloe", "Hiroshi", "Aisha", "Noah", "Emma", "Liam", "Ava", "Ethan", "Mia",
    ]
    static let lastNames = [
        "Smith", "Johnson", "Williams", "Brown", "Jones", "Garcia", "Miller", "Davis", "Rodriguez", "Martinez",
        "Hernandez", "Lopez", "Gonzalez", "Wilson", "Anderson", "Thomas", "Taylor", "Moore", "Jackson", "Martin",
        "Lee", "Perez", "Thompson", "White", "Harris", "Sanchez", "Clark", "Ramirez", "Lewis", "Robinson", "Walker",
        "Young", "Allen", "King", "Wright", "Scott", "Nguyen", "Hill", "Flores", "Green", "Patel", "Kim", "Chen",
        "Müller", "O'Brien", "Schmidt", "Rossi", "Dubois", "Tanaka", "Kowalski",
    ]
    static let companyStems = [
        "Acme", "Globex", "Initech", "Umbrella", "Stark", "Wayne", "Wonka", "Tyrell", "Cyberdyne", "Soylent", "Hooli",
        "Vandelay", "Pied Piper", "Massive", "Dunder", "Aperture", "Gringotts", "Oceanic", "Nakatomi", "Monarch",
        "Blue Sky", "Northwind", "Contoso", "Fabrikam", "Tailspin", "Woodgrove", "Litware", "Proseware", "Adatum",
        "Lucerne", "Margie's", "Alpine", "Coho", "Fourth Coffee", "Wide World", "Trey", "Humongous", "Consolidated",
        "Sterling", "Summit", "Pinnacle", "Evergreen", "Redwood", "Silverline", "Bluewater", "Ironclad", "Brightpath",
    ]
    static let companySuffixes = [
        "Inc.", "LLC", "Corp", "Group", "Holdings", "Systems", "Industries", "Partners", "Labs", "Solutions", "GmbH",
        "Ltd", "& Co.", "Technologies", "Enterprises",
    ]
    /// (title, seniority 0 = individual … 4 = C-level). Seniority drives lead conversion.
    static let titles: [(String, Int)] = [
        ("CEO", 4), ("CFO", 4), ("CTO", 4), ("COO", 4), ("VP Sales", 3), ("VP Marketing", 3), ("VP Engineering", 3),
        ("Director of Operations", 2), ("Director of IT", 2), ("Head of Procurement", 2), ("IT Manager", 1),
        ("Marketing Manager", 1), ("Sales Manager", 1), ("Project Manager", 1), ("Analyst", 0), ("Engineer", 0),
        ("Consultant", 0), ("Coordinator", 0), ("Specialist", 0), ("Buyer", 0),
    ]
    static let leadSources = ["Web", "Phone Inquiry", "Partner Referral", "Purchased List", "Other"]
    /// Base conversion log-odds per lead source (same order): referrals convert, bought lists do not.
    static let leadSourceLift = [0.2, 0.6, 1.1, -1.2, -0.3]
    static let leadSourceWeights = [0.38, 0.14, 0.12, 0.26, 0.10]
    static let industries = [
        "Agriculture", "Apparel", "Banking", "Biotechnology", "Chemicals", "Communications", "Construction", "Consulting",
        "Education", "Electronics", "Energy", "Engineering", "Entertainment", "Environmental", "Finance",
        "Food & Beverage", "Government", "Healthcare", "Hospitality", "Insurance", "Machinery", "Manufacturing", "Media",
        "Not For Profit", "Recreation", "Retail", "Shipping", "Technology", "Telecommunications", "Transportation",
        "Utilities", "Other",
    ]
    static let ratings = ["Hot", "Warm", "Cold"]
    static let ratingLift = [1.3, 0.3, -0.9]
    static let countries: [(country: String, states: [(String, String)])] = [
        ("United States", [("CA", "San Francisco"), ("NY", "New York"), ("TX", "Austin"), ("IL", "Chicago"), ("WA", "Seattle"), ("MA", "Boston"), ("GA", "Atlanta"), ("CO", "Denver")]),
        ("Canada", [("ON", "Toronto"), ("BC", "Vancouver"), ("QC", "Montreal")]),
        ("United Kingdom", [("England", "London"), ("Scotland", "Edinburgh")]),
        ("Germany", [("BE", "Berlin"), ("BY", "Munich")]),
        ("France", [("IDF", "Paris"), ("ARA", "Lyon")]),
        ("Japan", [("Tokyo", "Tokyo"), ("Osaka", "Osaka")]),
        ("Australia", [("NSW", "Sydney"), ("VIC", "Melbourne")]),
        ("Brazil", [("SP", "São Paulo")]),
    ]
    static let countryWeights = [0.55, 0.08, 0.09, 0.07, 0.05, 0.06, 0.06, 0.04]
    static let streets = [
        "Main St", "Market St", "Oak Ave", "Mission St", "Park Blvd", "Broadway", "King St", "High St", "Elm St",
        "Lake Shore Dr", "Sunset Blvd", "Pine St",
    ]
    static let stages = [
        "Prospecting", "Qualification", "Needs Analysis", "Value Proposition", "Id. Decision Makers",
        "Perception Analysis", "Proposal/Price Quote", "Negotiation/Review", "Closed Won", "Closed Lost",
    ]
    static let stageProbability: [Double] = [10, 10, 20, 50, 60, 70, 75, 90, 100, 0]
    static let stageForecast = [
        "Pipeline", "Pipeline", "Pipeline", "Pipeline", "Pipeline", "BestCase", "BestCase", "Commit", "Closed", "Omitted",
    ]
    static let forecastName = ["Pipeline": "Pipeline", "BestCase": "Best Case", "Commit": "Commit", "Closed": "Closed", "Omitted": "Omitted"]
    static let products: [(name: String, code: String, family: String, price: Double)] = [
        ("GenWatt Diesel 10kW", "GC1020", "Generators", 5_000), ("GenWatt Diesel 200kW", "GC1040", "Generators", 25_000),
        ("GenWatt Diesel 1000kW", "GC1060", "Generators", 100_000), ("GenWatt Propane 100kW", "GC5020", "Generators", 50_000),
        ("GenWatt Propane 500kW", "GC5040", "Generators", 120_000), ("GenWatt Gasoline 300kW", "GC3040", "Generators", 80_000),
        ("Installation: Portable", "IN7020", "Services", 7_500), ("Installation: Industrial - High", "IN7080", "Services", 18_000),
        ("SLA: Bronze", "SL9020", "Support", 20_000), ("SLA: Silver", "SL9040", "Support", 40_000),
        ("SLA: Gold", "SL9060", "Support", 60_000), ("SLA: Platinum", "SL9080", "Support", 80_000),
        ("Analytics Cloud Seat", "AC1000", "Software", 1_200), ("Analytics Cloud Enterprise", "AC2000", "Software", 48_000),
        ("Data Connector Pack", "DC1000", "Software", 9_600), ("Training: Onsite Day", "TR1000", "Services", 3_000),
        ("Training: Online Course", "TR2000", "Services", 600), ("Hardware Gateway", "HW1000", "Hardware", 2_400),
        ("Hardware Sensor Kit", "HW2000", "Hardware", 900), ("Premium Support Add-on", "SP5000", "Support", 12_000),
    ]
    static let taskSubjects = ["Call", "Send Letter", "Send Quote", "Email", "Follow up", "Demo", "Other"]
    static let eventSubjects = ["Meeting", "Demo", "Discovery Call", "Executive Briefing", "Site Visit", "Lunch"]
    static let caseSubjects = [
        "Generator not starting", "Billing question", "Cannot log in", "Request for installation", "Performance issue",
        "Sensor reports wrong values", "Feature request: export", "Invoice discrepancy", "Warranty claim",
    ]
    static let campaignNames = [
        "Spring Webinar", "User Conference", "Trade Show", "Partner Summit", "Email Nurture", "Direct Mail",
        "Product Launch", "Customer Roadshow", "Analyst Day", "Holiday Promotion",
    ]
    static let campaignTypes = ["Webinar", "Conference", "Trade Show", "Partners", "Email", "Direct Mail", "Advertisement", "Public Relations", "Banner Ads", "Other"]
    /// Log-odds a campaign type adds to the conversion of the leads it touches.
    static let campaignLift = [0.7, 0.9, 0.5, 0.8, 0.1, -0.2, 0.0, 0.2, 0.0, 0.0]

    /// Company web domains, computed once (string filtering per record showed up in profiles).
    static let domains: [String] = companyStems.map { $0.lowercased().filter { $0.isLetter } + ".example.com" }
    private static let emailParts: [String: String] = Dictionary(
        (firstNames + lastNames).map { ($0, $0.lowercased().filter { $0.isLetter }) }, uniquingKeysWith: { a, _ in a })

    /// "First Last" and "Stem Suffix" for every pair (a few thousand short strings), so a lead's
    /// Name and Company are shared strings instead of two interpolations per record.
    private static let fullNames: [String] = firstNames.flatMap { f in lastNames.map { l in "\(f) \(l)" } }
    private static let companyNames: [String] = companyStems.flatMap { s in companySuffixes.map { x in "\(s) \(x)" } }

    static func fullName(first: Int, last: Int) -> String { fullNames[first * lastNames.count + last] }
    static func companyName(stem: Int, suffix: Int) -> String { companyNames[stem * companySuffixes.count + suffix] }

    /// `emailPart` of each first and last name, by index: the Lead producer has the indices,
    /// and looking names up by hash cost more than the rest of its email.
    static let firstNameEmailParts: [String] = firstNames.map(emailPart)
    static let lastNameEmailParts: [String] = lastNames.map(emailPart)

    /// A name as it appears in an email address (`O'Brien` → `obrien`).
    static func emailPart(_ name: String) -> String { emailParts[name] ?? name.lowercased().filter { $0.isLetter } }
}
