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
