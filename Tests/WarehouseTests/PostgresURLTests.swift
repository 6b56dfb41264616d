import Testing
import Warehouse

@Suite struct PostgresURLTests {
    @Test func readsEveryPart() throws {
        let url = try PostgresURL("postgres://ana:s%40cret@db.example.com:6543/analytics?schema=tributary&sslmode=require")
        #expect(url.host == "db.example.com")
        #expect(url.port == 6543)
        #expect(url.username == "ana")
        #expect(url.password == "s@cret")
        #expect(url.database == "analytics")
        #expect(url.schema == "tributary")
        #expect(url.sslMode == .require)
        // The description never shows the password.
        #expect(url.description == "postgres://ana@db.example.com:6543/analytics?schema=tributary&sslmode=require")
    }

    @Test func defaultsLikeLibpq() throws {
        let url = try PostgresURL("postgresql://ana@127.0.0.1")
        #expect(url.port == 5432)
        #expect(url.database == "ana")
        #expect(url.password == nil)
        #expect(url.schema == nil)
        // Loopback needs no TLS; anything else tries it.
        #expect(url.sslMode == .disable)
        #expect(try PostgresURL("postgres://ana@db.example.com/x").sslMode == .prefer)
    }

    @Test(arguments: [
        "mysql://ana@host/db", "postgres://host/db", "postgres://ana@/db", "not a url at all",
        "postgres://ana@host/db/extra", "postgres://ana@host/db?sslmode=sometimes", "postgres://ana@host/db?schema=a-b",
        "postgres://ana@host/db?color=blue",
    ])
    func refusesWhatItCannotUse(_ text: String) {
        #expect(throws: WarehouseError.invalidURL("")) { try PostgresURL(text) }
    }
}
