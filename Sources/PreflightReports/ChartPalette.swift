import PreflightMetrics

/// Colours of the charts, from the Okabe-Ito palette so they stay distinguishable with the common
/// colour-vision deficiencies; each result category keeps its colour in every chart and report.
enum ChartPalette {
    static let blue = "#0072B2"
    static let orange = "#E69F00"
    static let vermillion = "#D55E00"
    static let green = "#009E73"
    static let grey = "#6E7781"

    static func color(forCategory category: String) -> String {
        switch ResultCategory(rawValue: category) {
        case .ok: green
        case .dnsFailure: "#B8A200"
        case .connectionRefused: blue
        case .connectionReset: "#56B4E9"
        case .timeout: orange
        case .tlsError: "#CC79A7"
        case .transportError: "#999999"
        case .http4xx: "#7FB800"
        case .rateLimited: "#8C510A"
        case .http5xx: vermillion
        case .expectationFailed: "#7B3294"
        case .captureFailed: "#333333"
        case nil: "#A6761D"
        }
    }
}
