// swift-tools-version:6.0
import PackageDescription

// One library per architectural layer; `preflight` itself is a thin command layer on top.
let package = Package(
    name: "Preflight",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "preflight", targets: ["preflight"]),
        .library(name: "PreflightPlan", targets: ["PreflightPlan"]),
        .library(name: "PreflightMetrics", targets: ["PreflightMetrics"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.0.0"),
        .package(url: "https://github.com/HdrHistogram/hdrhistogram-swift", from: "0.2.0"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.0.0"),
        .package(url: "https://github.com/apple/swift-nio.git", from: "2.81.0"),
        .package(url: "https://github.com/apple/swift-log.git", from: "1.6.0"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle.git", from: "2.6.0"),
        .package(url: "https://github.com/apple/swift-http-types.git", from: "1.0.0"),
        .package(url: "https://github.com/apple/swift-nio-extras.git", from: "1.20.0"),
        .package(url: "https://github.com/apple/swift-collections.git", from: "1.1.0"),
        .package(url: "https://github.com/apple/swift-nio-ssl.git", from: "2.29.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus.git", from: "2.0.0"),
    ],
    targets: [
        // The only C in the project: typed, non-variadic entry points into libcurl, which it loads
        // with dlopen when a request first needs curl (the headers come from libcurl4-openssl-dev).
        .target(
            name: "CPreflightCurl",
            linkerSettings: [.linkedLibrary("dl")]
        ),
        .target(
            name: "PreflightPlan",
            dependencies: ["PreflightMetrics", .product(name: "Yams", package: "Yams")]
        ),
        .target(
            name: "PreflightMetrics",
            dependencies: [.product(name: "Histogram", package: "hdrhistogram-swift")]
        ),
        .target(
            name: "PreflightEngine",
            dependencies: [
                "CPreflightCurl", "PreflightPlan", "PreflightMetrics",
                .product(name: "DequeModule", package: "swift-collections"),
            ]
        ),
        // The report model and its pure renderers: no engine, no curl, so `report`, `compare` and
        // later `merge` work from saved reports alone.
        .target(
            name: "PreflightReports",
            dependencies: ["PreflightMetrics"]
        ),
        // What a run is: run smoke or load through the engine, accumulate, judge, decide the verdict
        // and exit status, handle signals, and turn the results into the report model.
        .target(
            name: "PreflightRun",
            dependencies: ["PreflightPlan", "PreflightMetrics", "PreflightEngine", "PreflightReports"]
        ),
        // Live metrics of a running load test in Prometheus's text format, served over HTTP.
        .target(
            name: "PreflightMonitoring",
            dependencies: [
                "PreflightPlan", "PreflightMetrics", "PreflightEngine",
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ]
        ),
        .target(
            name: "PreflightDemoTarget",
            dependencies: [
                "PreflightMetrics",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdCore", package: "hummingbird"),
                .product(name: "HummingbirdTLS", package: "hummingbird"),
                .product(name: "HummingbirdHTTP2", package: "hummingbird"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTPTypes", package: "swift-nio-extras"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "UnixSignals", package: "swift-service-lifecycle"),
            ]
        ),
        .executableTarget(
            name: "preflight",
            dependencies: [
                "PreflightPlan", "PreflightEngine", "PreflightReports", "PreflightRun", "PreflightDemoTarget", "PreflightMonitoring",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            // The demo plan travels with the binary, so `preflight demo` works from any directory.
            resources: [.copy("Resources/demo-smoke.yaml")]
        ),
        .testTarget(name: "PreflightPlanTests", dependencies: ["PreflightPlan", "PreflightMetrics"]),
        .testTarget(name: "PreflightMetricsTests", dependencies: ["PreflightMetrics", .product(name: "Histogram", package: "hdrhistogram-swift")]),
        .testTarget(
            name: "PreflightEngineTests",
            dependencies: ["PreflightEngine", "PreflightDemoTarget"]
        ),
        .testTarget(
            name: "PreflightReportsTests", dependencies: ["PreflightReports", "PreflightPlan"],
            exclude: ["Fixtures", "Golden"]
        ),
        .testTarget(name: "PreflightDemoTargetTests", dependencies: ["PreflightDemoTarget"]),
        .testTarget(
            name: "PreflightRunTests",
            dependencies: ["PreflightRun", "PreflightEngine", "PreflightReports", "PreflightPlan", "PreflightMetrics", "PreflightDemoTarget"]
        ),
        .testTarget(
            name: "preflightTests", dependencies: ["preflight", "PreflightEngine", "PreflightDemoTarget"],
            exclude: ["BadPlans"]
        ),
    ]
)
