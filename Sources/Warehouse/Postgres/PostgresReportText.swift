import Foundation

/// Report text checks that do not need the database: one statement that reads (SELECT, WITH,
/// VALUES, TABLE), naming no `tributary_` table but the derived ones, and no function that
/// changes settings, takes locks, touches files or runs SQL text of its own.
///
/// This is the friendly first refusal, not the wall: the report login (`PostgresReportLogin`)
/// is. It still reads the text as PostgreSQL does (`E'…'` escapes, `$tag$…$tag$`, `U&"…"` names
/// with their escapes decoded, nested comments), so a spelling cannot hide a word from it. It
/// matters most for advisory locks, which no privilege can withhold from a login.
enum PostgresReportText {
    static let refusedFunctions: Set<String> = [
        "set_config", "pg_read_file", "pg_read_binary_file", "pg_ls_dir", "pg_stat_file", "lo_import", "lo_export", "lo_get",
        "dblink", "dblink_exec", "query_to_xml", "query_to_xml_and_xmlschema", "query_to_xmlschema", "cursor_to_xml",
        "cursor_to_xmlschema", "table_to_xml", "schema_to_xml", "database_to_xml", "ts_stat", "ts_rewrite",
        "pg_terminate_backend", "pg_cancel_backend", "pg_reload_conf", "pg_rotate_logfile", "pg_switch_wal", "pg_notify",
        "txid_current", "pg_current_xact_id", "nextval", "setval",
    ]
    /// Families refused by prefix: advisory locks in every variant (shared, try, xact), file
    /// readers, large objects.
    static let refusedPrefixes = ["pg_advisory", "pg_try_advisory", "pg_read", "pg_ls_", "lo_", "dblink"]

    /// The statement without trailing semicolons, or `reportRefused` saying why not.
    static func checked(_ sql: String) throws -> String {
        var text = sql.trimmingCharacters(in: .whitespacesAndNewlines)
        while text.hasSuffix(";") { text = String(text.dropLast()).trimmingCharacters(in: .whitespacesAndNewlines) }
        let tokens = try PostgresLexer.tokens(text)
        guard let first = tokens.words.first, ["select", "with", "values", "table"].contains(first) else {
            throw WarehouseError.reportRefused("a report is one SELECT statement (or WITH, VALUES, TABLE)")
        }
        if tokens.hasSemicolon { throw WarehouseError.reportRefused("a report is one statement; remove the ';' between statements") }
        for word in tokens.words {
            if word.hasPrefix("tributary_"), !ReportPolicy.readableMetadataTables.contains(word) {
                throw WarehouseError.reportRefused("reports do not read Tributary's own table \(word)")
            }
            if refusedFunctions.contains(word) || refusedPrefixes.contains(where: word.hasPrefix) {
                throw WarehouseError.reportRefused("reports may not call \(word)")
            }
        }
        return text
    }

    /// The words of the text outside string literals and comments, lower-cased (quoted names
    /// included, without their quotes), for tests.
    static func identifiers(_ text: String) throws -> [String] { try PostgresLexer.tokens(text).words }
}

/// PostgreSQL's lexical rules, as far as telling words from literals and comments needs them
/// (PostgreSQL documentation, "SQL Syntax > Lexical Structure", sections 4.1.1 to 4.1.5).
enum PostgresLexer {
    struct Tokens {
        /// Identifiers and key words, lower-cased; quoted names as written, escapes decoded.
        var words: [String] = []
        /// A `;` outside literals and comments.
        var hasSemicolon = false
    }

    static func tokens(_ text: String) throws -> Tokens {
        var tokens = Tokens()
        var chars = Array(text.unicodeScalars)[...]
        var word = ""
        func flush() { if !word.isEmpty { tokens.words.append(word.lowercased()); word = "" } }

        while let c = chars.first {
            // Prefixed literals: E'…' (backslash escapes), U&'…' and U&"…" (Unicode escapes),
            // B'…', X'…', N'…'. A prefix counts only at the start of a word.
            if word.isEmpty {
                let next = chars.dropFirst().first
                if (c == "e" || c == "E"), next == "'" {
                    chars = chars.dropFirst(2)
                    try skipString(&chars, backslashEscapes: true)
                    continue
                }
                if (c == "u" || c == "U"), next == "&", let quote = chars.dropFirst(2).first, quote == "'" || quote == "\"" {
                    chars = chars.dropFirst(3)
                    if quote == "'" {
                        try skipString(&chars, backslashEscapes: false)
                    } else {
                        let raw = try quotedName(&chars)
                        let escape = try uescape(&chars) ?? "\\"
                        tokens.words.append(try decodeUnicodeEscapes(raw, escape: escape))
                    }
                    continue
                }
                if ["b", "B", "x", "X", "n", "N"].contains(c), next == "'" {
                    chars = chars.dropFirst(2)
                    try skipString(&chars, backslashEscapes: false)
                    continue
                }
            }
            switch c {
            case "'":
                flush()
                chars = chars.dropFirst()
                try skipString(&chars, backslashEscapes: false)
            case "\"":
                flush()
                chars = chars.dropFirst()
                tokens.words.append(try quotedName(&chars))
            case "-" where chars.dropFirst().first == "-":
                flush()
                while let d = chars.first, d != "\n", d != "\r" { chars = chars.dropFirst() }
            case "/" where chars.dropFirst().first == "*":
                flush()
                chars = chars.dropFirst(2)
                try skipBlockComment(&chars)
            case "$" where word.isEmpty:
                // $tag$…$tag$ (the tag may be empty); $1 is a parameter, not a quote.
                if let tag = dollarTag(chars) {
                    chars = chars.dropFirst(tag.count + 2)
                    try skipDollarQuoted(&chars, tag: tag)
                } else {
                    chars = chars.dropFirst()
                }
            case ";":
                flush()
                tokens.hasSemicolon = true
                chars = chars.dropFirst()
            default:
                if c.properties.isAlphabetic || c == "_" || (!word.isEmpty && (("0"..."9").contains(c) || c == "$")) || c.value >= 0x80 {
                    word.unicodeScalars.append(c)
                } else {
                    flush()
                }
                chars = chars.dropFirst()
            }
        }
        flush()
        return tokens
    }

    private static func unterminated(_ what: String) -> WarehouseError {
        .reportFailed("the query has an unterminated \(what)")
    }

    /// Past the closing quote of a string whose opening quote is consumed. `''` is a quote in
    /// every string; `\'` too in an escape string.
    private static func skipString(_ chars: inout ArraySlice<Unicode.Scalar>, backslashEscapes: Bool) throws {
        while let d = chars.first {
            chars = chars.dropFirst()
            if backslashEscapes, d == "\\" {
                chars = chars.dropFirst()
            } else if d == "'" {
                guard chars.first == "'" else { return }
                chars = chars.dropFirst()
            }
        }
        throw unterminated("string")
    }

    /// A quoted name's text (opening quote consumed): `""` is a quote.
    private static func quotedName(_ chars: inout ArraySlice<Unicode.Scalar>) throws -> String {
        var name = ""
        while let d = chars.first {
            chars = chars.dropFirst()
            if d == "\"" {
                guard chars.first == "\"" else { return name }
                chars = chars.dropFirst()
            }
            name.unicodeScalars.append(d)
        }
        throw unterminated("quoted name")
    }

    /// `UESCAPE 'c'` after a `U&` name, when present: the escape character it names.
    private static func uescape(_ chars: inout ArraySlice<Unicode.Scalar>) throws -> Unicode.Scalar? {
        var look = chars.drop { $0.properties.isWhitespace }
        guard String(String.UnicodeScalarView(look.prefix(7))).lowercased() == "uescape" else { return nil }
        look = look.dropFirst(7).drop { $0.properties.isWhitespace }
        guard look.count >= 3, look.first == "'", look.dropFirst(2).first == "'", let escape = look.dropFirst().first else {
            throw WarehouseError.reportRefused("UESCAPE must name one character in quotes")
        }
        chars = look.dropFirst(3)
        return escape
    }

    /// `\XXXX`, `\+XXXXXX` and `\\` decoded (with the given escape character).
    static func decodeUnicodeEscapes(_ raw: String, escape: Unicode.Scalar) throws -> String {
        var out = String.UnicodeScalarView()
        var chars = Array(raw.unicodeScalars)[...]
        while let c = chars.first {
            chars = chars.dropFirst()
            guard c == escape else { out.append(c); continue }
            if chars.first == escape { out.append(escape); chars = chars.dropFirst(); continue }
            let width = chars.first == "+" ? 6 : 4
            if width == 6 { chars = chars.dropFirst() }
            let digits = String(String.UnicodeScalarView(chars.prefix(width)))
            guard digits.count == width, let value = UInt32(digits, radix: 16), let scalar = Unicode.Scalar(value) else {
                throw WarehouseError.reportFailed("invalid Unicode escape in a U& name")
            }
            out.append(scalar)
            chars = chars.dropFirst(width)
        }
        return String(out)
    }

    /// The tag of a dollar quote starting at `chars` (`$$` → "", `$a$` → "a"), or nil.
    private static func dollarTag(_ chars: ArraySlice<Unicode.Scalar>) -> String? {
        var tag = String.UnicodeScalarView()
        for (offset, d) in chars.dropFirst().enumerated() {
            if d == "$" { return String(tag) }
            let allowed = d.properties.isAlphabetic || d == "_" || d.value >= 0x80 || (offset > 0 && ("0"..."9").contains(d))
            guard allowed else { return nil }
            tag.append(d)
        }
        return nil
    }

    private static func skipDollarQuoted(_ chars: inout ArraySlice<Unicode.Scalar>, tag: String) throws {
        let close = Array("$\(tag)$".unicodeScalars)
        while !chars.isEmpty {
            if chars.starts(with: close) {
                chars = chars.dropFirst(close.count)
                return
            }
            chars = chars.dropFirst()
        }
        throw unterminated("dollar-quoted string")
    }

    /// Block comments nest in PostgreSQL: `/* a /* b */ c */` is one comment.
    private static func skipBlockComment(_ chars: inout ArraySlice<Unicode.Scalar>) throws {
        var depth = 1
        while let d = chars.first {
            chars = chars.dropFirst()
            if d == "/", chars.first == "*" { depth += 1; chars = chars.dropFirst() }
            else if d == "*", chars.first == "/" {
                depth -= 1
                chars = chars.dropFirst()
                if depth == 0 { return }
            }
        }
        throw unterminated("comment")
    }
}
