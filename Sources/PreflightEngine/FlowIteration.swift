import Foundation
import PreflightMetrics
import PreflightPlan

/// Runs one iteration of a flow: each step's request, judgement and captures, stopping at the
/// first failing step and marking the rest skipped.
///
/// Callback-driven rather than async so that a load run can keep thousands of iterations in
/// flight on the transport's few threads. Steps run strictly one after another, so each callback
/// happens after the previous one: that ordering is what makes the mutable state safe.
final class FlowIteration: @unchecked Sendable {
    private let flow: Flow
    private let iteration: Int
    private let builder: RequestBuilder
    private let transport: HTTPTransport
    private let eventLoop: Int?
    private let secretNames: Set<String>
    private let onStep: @Sendable (StepResult) -> Void
    /// Asked before each step after the first: true ends the iteration, the rest skipped.
    private let shouldStop: @Sendable () -> Bool
    private let completion: @Sendable (FlowIterationResult) -> Void

    private var variables: [String: String]
    /// Set when the plan's `unique` data rows ran out before this iteration: it sends nothing.
    private var noRowReason: String?
    /// This iteration's cookies: one visitor's, never another iteration's.
    private var cookies = CookieJar()
    private var redactor: SecretRedactor
    private var results: [StepResult] = []
    private let intendedStartNanos: UInt64
    /// When the current step should have been sent: the scheduled start, then each completion.
    private var intendedSendNanos: UInt64

    init(
        flow: Flow, iteration: Int, context: RunContext, transport: HTTPTransport, eventLoop: Int? = nil,
        intendedStartNanos: UInt64? = nil,
        shouldStop: @escaping @Sendable () -> Bool = { false },
        onStep: @escaping @Sendable (StepResult) -> Void = { _ in },
        completion: @escaping @Sendable (FlowIterationResult) -> Void
    ) {
        self.flow = flow
        self.iteration = iteration
        self.builder = context.builder
        self.transport = transport
        self.eventLoop = eventLoop
        self.secretNames = context.secretNames
        self.onStep = onStep
        self.shouldStop = shouldStop
        self.completion = completion
        var variables = context.variables
        var redactor = context.redactor
        if let feed = context.data {
            if let row = feed.nextRow() {
                for (column, value) in row {
                    variables["row." + column] = value
                    // A data file of accounts: `secrets: [row.password]` masks each row's value.
                    if context.secretNames.contains("row." + column) { redactor.add(value) }
                }
            } else {
                noRowReason = feed.exhaustedMessage
            }
        }
        self.variables = variables
        self.redactor = redactor
        let start = intendedStartNanos ?? DispatchTime.now().uptimeNanoseconds
        self.intendedStartNanos = start
        self.intendedSendNanos = start
    }

    func start() {
        if let noRowReason, let first = flow.steps.first {
            // Nothing is sent: the first step fails with the reason and the rest are skipped.
            let refused = HTTPResult(status: nil, transportError: TransportError(category: .transportError, code: 0, message: noRowReason))
            _ = finish(first, at: 0, method: first.method, url: first.path.description, result: refused)
            skipSteps(after: 0)
            finishIteration()
            return
        }
        runStep(at: 0)
    }

    private func runStep(at index: Int) {
        guard index < flow.steps.count else {
            finishIteration()
            return
        }
        let step = flow.steps[index]
        let request: HTTPRequest
        do {
            request = try builder.request(for: step, renderer: TemplateRenderer(variables: variables, iteration: iteration))
        } catch {
            // Nothing was sent: the step fails with the reason, and the flow stops here.
            let refused = HTTPResult(status: nil, transportError: TransportError(category: .transportError, code: 0, message: error.message))
            _ = finish(step, at: index, method: step.method, url: step.path.description, result: refused)
            skipSteps(after: index)
            finishIteration()
            return
        }
        var sent = request
        let keepCookies = builder.plan.defaults.keepCookies
        // Only a request that may carry cookies pays for looking at its own headers.
        if keepCookies, request.followRedirects || !cookies.isEmpty,
           !sent.headers.contains(where: { $0.name.isSameHeaderName("Cookie") }) {
            if request.followRedirects {
                // Redirects are followed inside curl: it must carry the jar from hop to hop (a
                // login that answers 302 with Set-Cookie, then the page it redirects to).
                sent.cookieLines = cookies.curlLines
            } else if let cookieHeader = cookies.header(for: sent.url) {
                sent.headers.append(("Cookie", cookieHeader))
            }
        }
        transport.send(sent, eventLoop: eventLoop) { [self] result in
            if let lines = result.cookieLines {
                cookies.replace(withCurlLines: lines)
            } else if keepCookies,
               // Most responses set no cookie: only those that do pay for the jar.
               result.headers.contains(where: { $0.name.isSameHeaderName("Set-Cookie") }) {
                cookies.store(result.headers.filter { $0.name.isSameHeaderName("Set-Cookie") }.map(\.value), from: request.url)
            }
            let passed = finish(
                step, at: index, method: request.method, url: request.url, result: result,
                requiredHTTPVersion: request.connection.httpVersion == .http2 ? "2" : nil)
            if passed, index + 1 < flow.steps.count, shouldStop() {
                skipSteps(after: index, reason: "the run was stopped")
                finishIteration()
            } else if passed {
                continueAfter(step, at: index)
            } else {
                skipSteps(after: index)
                finishIteration()
            }
        }
    }

    /// Runs the next step, after the step's think time when it has one (none after the last step).
    /// The pause moves the next
    /// request's intended send, so it counts in the flow's duration and never in that request's
    /// latency; a stop during the pause ends the iteration without sending more.
    private func continueAfter(_ step: Step, at index: Int) {
        guard let think = step.thinkTime, index + 1 < flow.steps.count else {
            runStep(at: index + 1)
            return
        }
        var generator = SystemRandomNumberGenerator()
        let pause = think.sample(using: &generator)
        intendedSendNanos += UInt64(max(0, pause.microseconds)) * 1000
        DispatchQueue.global().asyncAfter(deadline: .now() + .microseconds(Int(max(0, pause.microseconds)))) { [self] in
            if shouldStop() {
                skipSteps(after: index, reason: "the run was stopped")
                finishIteration()
            } else {
                runStep(at: index + 1)
            }
        }
    }

    private func finishIteration() {
        completion(FlowIterationResult(
            flow: flow.name, iteration: iteration, steps: results,
            intendedStartNanos: intendedStartNanos, completedNanos: intendedSendNanos
        ))
    }

    /// Judges the response, records captures, reports the step; returns whether it passed.
    private func finish(
        _ step: Step, at index: Int, method: String, url: String, result: HTTPResult, requiredHTTPVersion: String? = nil
    ) -> Bool {
        let completedNanos = DispatchTime.now().uptimeNanoseconds
        let judgement = StepJudgement(
            step: step, result: result, secretNames: secretNames,
            renderer: TemplateRenderer(variables: variables, iteration: iteration),
            url: url, requiredHTTPVersion: requiredHTTPVersion
        )
        judgement.secretValues.forEach { redactor.add($0) }
        for (name, value) in judgement.captured {
            variables[name] = value
            if secretNames.contains(name) { redactor.add(value) }
        }
        let passed = judgement.category == .ok
        var stepResult = StepResult(
            flow: flow.name, step: step.name, iteration: iteration, outcome: passed ? .passed : .failed, category: judgement.category,
            requestLine: passed ? "" : requestLine(method, url), status: result.status,
            timings: result.timings,
            failures: judgement.failures.map(redacted),
            transportMessage: result.transportError.map { redactor.redact($0.message) },
            responseExcerpt: passed ? nil : excerpt(of: result),
            responseHeaders: passed ? [] : result.headers.map { "\($0.name): \(maskedHeaderValue($0.name, $0.value))" },
            stepIndex: index, intendedSendNanos: intendedSendNanos, completedNanos: completedNanos,
            checksTotal: result.transportError == nil ? step.expectations.count : 0,
            checksPassed: result.transportError == nil ? step.expectations.count - judgement.expectationFailures : 0
        )
        stepResult.httpVersion = result.httpVersion
        stepResult.tls = result.tls
        intendedSendNanos = completedNanos
        results.append(stepResult)
        onStep(stepResult)
        return passed
    }

    private func skipSteps(after index: Int, reason: String = "an earlier step of this flow failed") {
        for skippedIndex in flow.steps.indices.dropFirst(index + 1) {
            let step = flow.steps[skippedIndex]
            let skipped = StepResult(
                flow: flow.name, step: step.name, iteration: iteration, outcome: .skipped, category: nil,
                requestLine: requestLine(step.method, step.path.description), stepIndex: skippedIndex,
                skipReason: reason
            )
            results.append(skipped)
            onStep(skipped)
        }
    }

    /// `METHOD URL` with any `user:password@` removed and secrets masked.
    private func requestLine(_ method: String, _ url: String) -> String {
        redactor.redact("\(method) \(URLCredentials.strip(url))")
    }

    /// A failure as printed: secrets masked, and credential headers masked whole.
    private func redacted(_ failure: ExpectationFailure) -> ExpectationFailure {
        let header = failure.subject.hasPrefix("header ") ? String(failure.subject.dropFirst("header ".count)) : nil
        let actual = header.map { maskedHeaderValue($0, failure.actual) } ?? redactor.redact(failure.actual)
        return ExpectationFailure(subject: failure.subject, expected: redactor.redact(failure.expected), actual: actual)
    }

    /// Credentials are masked whole whatever the plan declares; other values lose known secrets.
    private func maskedHeaderValue(_ name: String, _ value: String) -> String {
        let credentials = ["authorization", "proxy-authorization", "cookie", "set-cookie"]
        return credentials.contains(name.lowercased()) ? SecretRedactor.mask : redactor.redact(value)
    }

    /// The body's first characters on one line, secrets masked.
    private func excerpt(of result: HTTPResult) -> String? {
        guard !result.body.isEmpty else { return nil }
        let limit = 240
        let text = String(decoding: result.body.prefix(limit * 4), as: UTF8.self)
        // Redact before cutting, so a secret straddling the cut cannot leak its first half.
        let oneLine = redactor.redact(text.split(whereSeparator: \.isNewline).joined(separator: " "))
        let cut = oneLine.count > limit || result.body.count > limit * 4 || result.bodyTruncated
        return String(oneLine.prefix(limit)) + (cut ? "…" : "")
    }
}

/// One run of one flow: its steps in order, the first failing one ending it.
public struct FlowIterationResult: Sendable, Equatable {
    public var flow: String
    public var iteration: Int
    public var steps: [StepResult]
    /// Monotonic nanoseconds of the scheduled start and of the last step's completion.
    public var intendedStartNanos: UInt64
    public var completedNanos: UInt64
    public var passed: Bool { steps.allSatisfy { $0.outcome == .passed } }
    public init(flow: String, iteration: Int, steps: [StepResult], intendedStartNanos: UInt64 = 0, completedNanos: UInt64 = 0) {
        self.flow = flow
        self.iteration = iteration
        self.steps = steps
        self.intendedStartNanos = intendedStartNanos
        self.completedNanos = completedNanos
    }

    /// End-to-end duration from the scheduled start, in microseconds.
    public var durationMicros: Int64 {
        completedNanos > intendedStartNanos ? Int64((completedNanos - intendedStartNanos) / 1000) : 0
    }
}
