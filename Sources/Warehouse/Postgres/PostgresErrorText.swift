import PostgresNIO

/// What went wrong, from a PostgresNIO error, in words a person can act on. `PSQLError`'s own
/// description is deliberately generic; the server's message and the connection error are not
/// secret (neither carries the password).
enum PostgresErrorText {
    static func reason(_ error: any Error) -> String {
        if let warehouse = error as? WarehouseError { return warehouse.detail }
        if let transaction = error as? PostgresTransactionError {
            return reason(transaction.closureError ?? transaction.beginError ?? transaction.commitError ?? transaction.rollbackError ?? error)
        }
        guard let psql = error as? PSQLError else { return String(describing: error) }
        if let message = psql.serverInfo?[.message] {
            return (psql.serverInfo?[.sqlState].map { "\($0): " } ?? "") + message
        }
        if let underlying = psql.underlying { return String(describing: underlying) }
        return psql.code.description
    }

    /// PostgresNIO's errors as `WarehouseError`s: a write in a read-only query is `notWritable`,
    /// any other server or connection error `database` with its reason. Ours pass through.
    static func mapped(_ error: any Error) -> any Error {
        if error is WarehouseError || error is CancellationError { return error }
        if sqlState(error) == "25006" { return WarehouseError.notWritable(reason(error)) }  // read_only_sql_transaction
        if error is PSQLError || error is PostgresTransactionError { return WarehouseError.database(reason(error)) }
        return error
    }

    /// The SQLSTATE of a server error, looking through transaction wrappers.
    static func sqlState(_ error: any Error) -> String? {
        if let transaction = error as? PostgresTransactionError, let inner = transaction.closureError { return sqlState(inner) }
        return (error as? PSQLError)?.serverInfo?[.sqlState]
    }
}
