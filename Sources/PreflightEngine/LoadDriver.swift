/// What the runner needs of a driver, open or closed model alike.
protocol LoadDriver: Sendable {
    func start(at startNanos: UInt64)
    func stop()
    func waitUntilFinished() async
    /// The driver has stopped starting iterations.
    var hasFinished: Bool { get }
    var scheduleStatistics: ScheduleStatistics { get }
}

extension OpenModelDriver: LoadDriver {}

extension ClosedModelDriver: LoadDriver {}
