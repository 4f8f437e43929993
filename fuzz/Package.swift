// swift-tools-version:6.0
import PackageDescription

// libFuzzer harnesses for Preflight's text parsers: the plan loader (YAML -> validated Plan) and
// the threshold expression parser. Build and run them with ../scripts/fuzz.sh, which also passes
// `--sanitize=fuzzer --sanitize=address` so that the code under test (PreflightPlan,
// PreflightMetrics, Yams) is coverage-instrumented too, not only these two files.

// SwiftPM names a path dependency after its directory: the name of the checkout this file is in.
let preflight = String(#filePath.split(separator: "/").dropLast(2).last!).lowercased()

let package = Package(
    name: "PreflightFuzz",
    platforms: [.macOS(.v14)],
    dependencies: [
        .package(path: ".."),
    ],
    targets: [
        .executableTarget(
            name: "PlanLoaderFuzzer",
            dependencies: [.product(name: "PreflightPlan", package: preflight)]
        ),
        .executableTarget(
            name: "ThresholdParserFuzzer",
            dependencies: [.product(name: "PreflightMetrics", package: preflight)]
        ),
    ]
)
