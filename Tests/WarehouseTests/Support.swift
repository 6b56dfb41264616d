import Foundation
import Rows
import Warehouse

/// A batch from rows of optional Strings (tests only; the load path never makes Strings).
func makeBatch(_ rows: [[String?]]) -> RowBatch {
    var batch = RowBatch(columnCount: rows.first?.count ?? 1)
    for row in rows { for field in row { batch.append(field) } }
    return batch
}

func column(_ source: String, _ salesforceType: String, formula: Bool = false) -> ColumnSpec {
    ColumnSpec(sourceName: source, salesforceType: salesforceType, isFormula: formula)
}

let accountColumns = [column("Id", "id"), column("Name", "string"), column("NumberOfEmployees", "int")]
let accountSpec = TableSpec(name: "sf_account", columns: accountColumns)

func temporaryDirectory() throws -> URL {
    let url = FileManager.default.temporaryDirectory.appendingPathComponent("warehouse-tests-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    return url
}

