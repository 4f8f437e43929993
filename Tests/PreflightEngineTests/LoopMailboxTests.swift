@testable import PreflightEngine
import XCTest

/// The hand-over from other threads to an event loop, without threads or curl.
final class LoopMailboxTests: XCTestCase {
    func testOneWakeupPerBatch() {
        var mailbox = LoopMailbox<Int>()
        XCTAssertEqual(mailbox.deliver(1), .queued(wake: true))
        XCTAssertEqual(mailbox.deliver(2), .queued(wake: false), "the loop is already being woken")
        XCTAssertEqual(mailbox.deliver(3), .queued(wake: false))
        let batch = mailbox.collect()
        XCTAssertEqual(batch.jobs, [1, 2, 3])
        XCTAssertFalse(batch.stopping)
        XCTAssertEqual(mailbox.deliver(4), .queued(wake: true), "a new batch wakes the loop again")
    }

    func testEveryJobIsHandedOverExactlyOnce() {
        var mailbox = LoopMailbox<Int>()
        for job in 0..<100 { _ = mailbox.deliver(job) }
        XCTAssertEqual(mailbox.collect().jobs, Array(0..<100))
        XCTAssertEqual(mailbox.collect().jobs, [])
    }

    func testAStopWakesOnceRefusesNewWorkAndHandsOverTheLastBatch() {
        var mailbox = LoopMailbox<Int>()
        _ = mailbox.deliver(1)
        XCTAssertTrue(mailbox.requestStop())
        XCTAssertFalse(mailbox.requestStop(), "a second stop request needs no wakeup")
        XCTAssertEqual(mailbox.deliver(2), .refused)
        let last = mailbox.collect()
        XCTAssertEqual(last.jobs, [1], "delivered before the stop: the loop cancels it")
        XCTAssertTrue(last.stopping)
        mailbox.markStopped()
        XCTAssertEqual(mailbox.deliver(3), .refused)
        XCTAssertFalse(mailbox.requestStop())
    }
}
