import Foundation

/// The rows of a plan's data file (CSV with a header row, or a JSON array of objects), read once
/// when the plan loads; each flow iteration takes one row and reads it as `{{row.<column>}}`.
public struct DataTable: Sendable, Equatable {
    /// Column names, in the file's order.
    public var columns: [String]
    /// Each row's values by column name.
    public var rows: [[String: String]]

    public init(columns: [String], rows: [[String: String]]) {
        self.columns = columns
        self.rows = rows
    }

    /// Reads CSV (RFC 4180: quoted fields with `""` for a quote, commas and line breaks inside
    /// quotes) or, for a `.json` file, an array of objects with scalar values.
    public static func parse(_ bytes: [UInt8], json: Bool) throws(DataTableError) -> DataTable {
        guard let text = String(validating: bytes.starts(with: [0xEF, 0xBB, 0xBF]) ? Array(bytes.dropFirst(3)) : bytes, as: UTF8.self) else {
            throw DataTableError("it is not UTF-8 text")
        }
        return json ? try parseJSON(text) : try parseCSV(text)
    }

    private static func parseCSV(_ text: String) throws(DataTableError) -> DataTable {
        var records: [[String]] = []
        var record: [String] = []
        var field = ""
        var quoted = false
        var scalars = text.unicodeScalars.makeIterator()
        var pending: Unicode.Scalar? = scalars.next()
        while let scalar = pending {
            pending = scalars.next()
            if quoted {
                if scalar == "\"" {
                    if pending == "\"" { field.unicodeScalars.append("\""); pending = scalars.next() } else { quoted = false }
                } else {
                    field.unicodeScalars.append(scalar)
                }
                continue
            }
            switch scalar {
            case "\"" where field.isEmpty: quoted = true
            case ",": record.append(field); field = ""
            case "\r": continue
            case "\n":
                record.append(field)
                records.append(record)
                record = []
                field = ""
            default: field.unicodeScalars.append(scalar)
            }
        }
        if quoted { throw DataTableError("a quoted field is not closed") }
        if !field.isEmpty || !record.isEmpty {
            record.append(field)
            records.append(record)
        }
        records.removeAll { $0 == [""] }
        guard let header = records.first else { throw DataTableError("it has no header row") }
        let columns = header.map { $0.trimmingCharacters(in: .whitespaces) }
        if let bad = columns.first(where: { !TemplateParser.isValidVariableName($0) }) {
            throw DataTableError("column '\(bad)' cannot be read as {{row.\(bad)}}; \(TemplateParser.variableNameRule)")
        }
        var rows: [[String: String]] = []
        for (index, values) in records.dropFirst().enumerated() {
            guard values.count == columns.count else {
                throw DataTableError("row \(index + 2) has \(values.count) fields, the header has \(columns.count)")
            }
            rows.append(Dictionary(zip(columns, values), uniquingKeysWith: { first, _ in first }))
        }
        guard !rows.isEmpty else { throw DataTableError("it has a header but no rows") }
        return DataTable(columns: columns, rows: rows)
    }

    private static func parseJSON(_ text: String) throws(DataTableError) -> DataTable {
        guard let array = try? JSONSerialization.jsonObject(with: Data(text.utf8)) as? [Any], !array.isEmpty else {
            throw DataTableError("it must be a JSON array of objects, with at least one")
        }
        var columns: [String] = []
        var rows: [[String: String]] = []
        for (index, element) in array.enumerated() {
            guard let object = element as? [String: Any] else { throw DataTableError("element \(index) is not an object") }
            var row: [String: String] = [:]
            for (key, value) in object.sorted(by: { $0.key < $1.key }) {
                guard TemplateParser.isValidVariableName(key) else {
                    throw DataTableError("key '\(key)' cannot be read as {{row.\(key)}}; \(TemplateParser.variableNameRule)")
                }
                guard !(value is [Any]), !(value is [String: Any]) else {
                    throw DataTableError("element \(index) has a list or object under '\(key)'; rows hold text, numbers and booleans")
                }
                row[key] = JSONValueText.text(of: value)
                if !columns.contains(key) { columns.append(key) }
            }
            rows.append(row)
        }
        return DataTable(columns: columns, rows: rows)
    }
}

/// Why a data file could not be read, in words.
public struct DataTableError: Error, Sendable, Equatable {
    public var message: String

    init(_ message: String) {
        self.message = message
    }
}

/// How iterations take rows from a data file.
public enum DataOrder: String, Sendable, CaseIterable {
    /// Row after row, starting again at the first after the last.
    case sequential
    /// Any row, drawn at random for each iteration.
    case random
    /// Each row once; when every row has been used, further iterations fail at once, saying so.
    case unique
}

/// A plan's `data:`: the file, how its rows are taken, and the rows themselves.
public struct DataSource: Sendable, Equatable {
    public var file: String
    public var order: DataOrder
    public var table: DataTable

    public init(file: String, order: DataOrder, table: DataTable) {
        self.file = file
        self.order = order
        self.table = table
    }
}
