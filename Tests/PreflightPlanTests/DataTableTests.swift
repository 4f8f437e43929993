import PreflightPlan
import XCTest

/// Reading data files: CSV as RFC 4180 writes it, JSON arrays of objects, and clear refusals.
final class DataTableTests: XCTestCase {
    func testCSVWithQuotesCommasAndLineBreaks() throws {
        let table = try DataTable.parse(Array("\u{FEFF}id,note\r\n1,\"a, b\"\r\n2,\"two\nlines\"\r\n3,\"\"\"quoted\"\"\"\r\n".utf8), json: false)
        XCTAssertEqual(table.columns, ["id", "note"])
        XCTAssertEqual(table.rows.map { $0["note"] }, ["a, b", "two\nlines", "\"quoted\""])
    }

    func testJSONRowsKeepNumbersAndBooleansAsText() throws {
        let table = try DataTable.parse(Array(#"[{"user":"ann","age":31,"admin":true},{"user":"bob","age":27.5,"admin":false}]"#.utf8), json: true)
        XCTAssertEqual(table.rows.map { $0["age"] }, ["31", "27.5"])
        XCTAssertEqual(table.rows.map { $0["admin"] }, ["true", "false"])
    }

    func testUnusableFilesAreRefusedWithTheReason() {
        let cases: [(String, Bool, String)] = [
            ("a,b\n1\n", false, "row 2 has 1 fields"),
            ("a b,c\n1,2\n", false, "column 'a b'"),
            ("a,b\n", false, "no rows"),
            ("a\n\"open\n", false, "not closed"),
            (#"{"a":1}"#, true, "array of objects"),
            (#"[{"a":[1]}]"#, true, "list or object"),
        ]
        for (text, json, fragment) in cases {
            XCTAssertThrowsError(try DataTable.parse(Array(text.utf8), json: json), text) { error in
                XCTAssertTrue((error as? DataTableError)?.message.contains(fragment) == true, "\(text): \(error)")
            }
        }
    }
}
