import Yams

/// Applies `${NAME}` interpolation to every scalar value of the plan (keys are left alone).
extension PlanDecoder {
    mutating func substituteEnvironment(in node: Node) -> Node {
        switch node {
        case .scalar(let scalar):
            return .scalar(substituteEnvironment(in: scalar))
        case .mapping(let mapping):
            let pairs = mapping.map { ($0.key, substituteEnvironment(in: $0.value)) }
            return .mapping(Node.Mapping(pairs, mapping.tag, mapping.style, mapping.mark))
        case .sequence(let sequence):
            let nodes = sequence.map { substituteEnvironment(in: $0) }
            return .sequence(Node.Sequence(nodes, sequence.tag, sequence.style, sequence.mark))
        case .alias:
            return node
        }
    }

    private mutating func substituteEnvironment(in scalar: Node.Scalar) -> Node.Scalar {
        guard scalar.string.contains("$") else { return scalar }
        let interpolator = EnvironmentInterpolator(environment: environment)
        let (value, problems) = interpolator.interpolate(scalar.string)
        for problem in problems {
            report(
                problem.message, at: source.location(ofOffset: problem.offset, in: scalar.string, of: scalar),
                hint: problem.hint)
        }
        if !problems.isEmpty {
            unresolved.insert(location(of: .scalar(scalar)))
        }
        guard value != scalar.string else { return scalar }
        // An unquoted value that becomes `12` or `true` reads as a number or boolean, as if written so,
        // but a substitution never turns a value into null.
        var tag = scalar.tag
        if scalar.style == .plain {
            let resolved = ScalarKind(Node.Scalar(value, .implicit, .plain, scalar.mark))
            tag = resolved == .null ? Tag(.str) : .implicit
        }
        return Node.Scalar(value, tag, scalar.style, scalar.mark)
    }
}
