import Dispatch
import Foundation
import Synchronization

/// SIGINT, SIGTERM and SIGHUP for the commands that send traffic, installed before the plan is
/// even read, so no signal ever kills a run without its report.
///
/// Before a run starts (while a large plan loads), a signal ends the process at once with 130:
/// nothing was sent, so there is nothing to report. Once a run has registered its stop, the first
/// signal stops it gracefully (in-flight requests finish, the report is written, exit 130) and a
/// second one ends the process at once, for the operator who does not want to wait.
public final class Interruption: Sendable {
    public static let shared = Interruption()

    private enum State {
        /// Nothing sent yet: a signal ends the process.
        case idle
        case running(stop: @Sendable () -> Void)
        /// The run was asked to stop; another signal ends the process.
        case stopping
        /// The run is over and its report is being written; the first signal is only noted.
        case finishing
    }

    private let state = Mutex<State>(.idle)
    private let sources = Mutex<[any DispatchSourceSignal]>([])

    static let signals: [Int32] = [SIGINT, SIGTERM, SIGHUP]

    /// Where the one-line notices ("SIGINT: stopping...") go; standard error by default.
    private let notices = Mutex<@Sendable (String) -> Void>({ text in
        FileHandle.standardError.write(Data((text + "\n").utf8))
    })

    /// Takes over the signals; idempotent. Call it before reading the plan.
    public func install(notices: @escaping @Sendable (String) -> Void) {
        self.notices.withLock { $0 = notices }
        sources.withLock { sources in
            guard sources.isEmpty else { return }
            sources = Self.signals.map { number in
                signal(number, SIG_IGN)
                let source = DispatchSource.makeSignalSource(signal: number, queue: .global())
                source.setEventHandler { [self] in received(number) }
                source.resume()
                return source
            }
        }
    }

    /// Routes signals to `stop` while `body` runs; afterwards, while the report is written, the
    /// first signal is only noted.
    public func whileRunning<T>(stop: @escaping @Sendable () -> Void, _ body: () async throws -> T) async rethrows -> T {
        state.withLock { $0 = .running(stop: stop) }
        defer {
            state.withLock { state in
                if case .running = state { state = .finishing }
            }
        }
        return try await body()
    }

    private enum Action {
        case stopRun(@Sendable () -> Void)
        case note
        case exitNow(String)
    }

    private func received(_ number: Int32) {
        let name = number == SIGINT ? "SIGINT" : number == SIGTERM ? "SIGTERM" : "SIGHUP"
        let action: Action = state.withLock { state in
            switch state {
            case .idle:
                return .exitNow("stopped before anything was sent")
            case .running(let stop):
                state = .stopping
                return .stopRun(stop)
            case .finishing:
                state = .stopping
                return .note
            case .stopping:
                return .exitNow("stopping at once")
            }
        }
        switch action {
        case .stopRun(let stop):
            notify("\n\(name): stopping; in-flight requests finish and the report is written (send it again to stop at once)")
            stop()
        case .note:
            notify("\n\(name): the report is being written (send it again to stop at once)")
        case .exitNow(let why):
            notify("\n\(name): \(why)")
            exit(RunExit.interrupted.rawValue)
        }
    }

    private func notify(_ text: String) {
        notices.withLock { $0 }(text)
    }
}
