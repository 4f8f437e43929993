import Yams

/// Decodes `data:`, the file whose rows flow iterations take one at a time, and reads it now, so a
/// missing file, a ragged row or a column a template names but the file lacks is an error with
/// its position before anything is sent.
extension PlanDecoder {
    mutating func decodeData(_ node: Node, owner: SourceLocation?) -> DataSource? {
        guard let fields = fields(of: node, in: "'data'", allowed: ["file", "order"], owner: owner),
              let fileNode = required(fields, "file", in: "'data'"),
              let file = nonEmptyString(fileNode, "'data.file'")
        else { return nil }
        var order = DataOrder.sequential
        if let orderNode = fields["order"], let text = string(orderNode, "'data.order'") {
            guard let chosen = DataOrder(rawValue: text) else {
                report("'data.order' must be one of sequential, random, unique, found '\(text)'", at: location(of: orderNode),
                       hint: DidYouMean.hint(for: text, among: DataOrder.allCases.map(\.rawValue)))
                return nil
            }
            order = chosen
        }
        guard let bytes = readFile(file) else {
            report("cannot read the data file '\(file)'", at: location(of: fileNode),
                   hint: "a relative path is read from the plan's directory")
            return nil
        }
        do {
            let table = try DataTable.parse(bytes, json: file.lowercased().hasSuffix(".json"))
            return DataSource(file: file, order: order, table: table)
        } catch {
            report("the data file '\(file)' cannot be used: \(error.message)", at: location(of: fileNode))
            return nil
        }
    }
}
