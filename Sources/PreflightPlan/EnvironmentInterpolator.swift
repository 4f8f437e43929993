/// Substitutes `${NAME}` and `${NAME:-default}` from an injected environment.
///
/// The environment is passed in rather than read from the process so loading stays pure and
/// tests can describe any deployment. As in the shell, `:-` also applies when the variable is
/// set but empty, defaults may nest (`${A:-${B:-x}}`), and `$${` writes a literal `${`.
struct EnvironmentInterpolator {
    let environment: [String: String]

    /// Something wrong with a reference, at an offset (in Unicode scalars) into the original text.
    struct Problem: Equatable {
        var message: String
        var hint: String?
        var offset: Int
    }

    func interpolate(_ text: String) -> (value: String, problems: [Problem]) {
        var problems: [Problem] = []
        let value = expand(Array(text.unicodeScalars)[...], baseOffset: 0, problems: &problems)
        return (value, problems)
    }

    private func expand(_ scalars: ArraySlice<Unicode.Scalar>, baseOffset: Int, problems: inout [Problem]) -> String {
        var output = String.UnicodeScalarView()
        var index = scalars.startIndex
        func offset(_ position: Int) -> Int { baseOffset + position - scalars.startIndex }
        while index < scalars.endIndex {
            if matches(scalars, at: index, "$${") {
                output.append(contentsOf: "${".unicodeScalars)
                index += 3
            } else if matches(scalars, at: index, "${") {
                guard let close = closingBrace(scalars, after: index + 2) else {
                    problems.append(Problem(
                        message: "unclosed '${'",
                        hint: "close the reference with '}', or write '$${' for a literal '${'",
                        offset: offset(index)))
                    return String(output)
                }
                let reference = scalars[(index + 2)..<close]
                output.append(contentsOf: resolve(
                    reference, baseOffset: offset(index + 2), referenceOffset: offset(index), problems: &problems
                ).unicodeScalars)
                index = close + 1
            } else {
                output.append(scalars[index])
                index += 1
            }
        }
        return String(output)
    }

    /// The value for the inside of one `${...}`.
    private func resolve(
        _ reference: ArraySlice<Unicode.Scalar>, baseOffset: Int, referenceOffset: Int, problems: inout [Problem]
    ) -> String {
        let nameScalars = reference.prefix(while: { $0 == "_" || $0.properties.isAlphabetic || ("0"..."9").contains($0) })
        let name = String(String.UnicodeScalarView(nameScalars))
        let rest = reference.dropFirst(nameScalars.count)
        guard let first = name.unicodeScalars.first, !("0"..."9").contains(first) else {
            problems.append(Problem(
                message: "invalid environment variable reference '${\(String(String.UnicodeScalarView(reference)))}'",
                hint: "names use letters, digits and '_'; write '$${' for a literal '${'",
                offset: referenceOffset))
            return ""
        }
        let value = environment[name]
        if rest.isEmpty {
            guard let value else {
                problems.append(Problem(
                    message: "environment variable '\(name)' is not set",
                    hint: "set \(name), or give a default with '${\(name):-default}'",
                    offset: referenceOffset))
                return ""
            }
            return value
        }
        guard matches(rest, at: rest.startIndex, ":-") else {
            problems.append(Problem(
                message: "expected '}' or ':-' after '${\(name)'",
                hint: "write '${\(name)}' or '${\(name):-default}'",
                offset: referenceOffset))
            return ""
        }
        if let value, !value.isEmpty { return value }
        let fallback = rest.dropFirst(2)
        return expand(fallback, baseOffset: baseOffset + (fallback.startIndex - reference.startIndex), problems: &problems)
    }

    /// The `}` that closes a `${` whose content starts at `start`, skipping nested `${...}`.
    private func closingBrace(_ scalars: ArraySlice<Unicode.Scalar>, after start: Int) -> Int? {
        var depth = 0
        var index = start
        while index < scalars.endIndex {
            if matches(scalars, at: index, "$${") {
                index += 3
                continue
            }
            if matches(scalars, at: index, "${") {
                depth += 1
                index += 2
                continue
            }
            if scalars[index] == "}" {
                if depth == 0 { return index }
                depth -= 1
            }
            index += 1
        }
        return nil
    }

    private func matches(_ scalars: ArraySlice<Unicode.Scalar>, at index: Int, _ marker: String) -> Bool {
        var position = index
        for scalar in marker.unicodeScalars {
            guard position < scalars.endIndex, scalars[position] == scalar else { return false }
            position += 1
        }
        return true
    }
}
