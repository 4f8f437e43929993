@testable import PreflightEngine
import XCTest

/// The admission rules of an event loop's connection budget, without curl: what starts, what
/// waits, in which order, and what an abort cancels.
final class TransferAdmissionTests: XCTestCase {
    func testWithoutALimitEverythingStartsAtOnce() {
        var admission = TransferAdmission<Int>(limit: nil)
        XCTAssertEqual((1...100).compactMap { admission.submit($0) }, Array(1...100))
        XCTAssertEqual(admission.active, 100)
        XCTAssertTrue(admission.waiting.isEmpty)
    }

    func testRequestsBeyondTheLimitWaitAndStartFirstComeFirstServed() {
        var admission = TransferAdmission<String>(limit: 2)
        XCTAssertEqual(admission.submit("a"), "a")
        XCTAssertEqual(admission.submit("b"), "b")
        XCTAssertNil(admission.submit("c"))
        XCTAssertNil(admission.submit("d"))
        XCTAssertEqual(admission.active, 2)
        XCTAssertEqual(Array(admission.waiting), ["c", "d"])
        XCTAssertEqual(admission.ended(), ["c"], "one slot freed, the oldest waiting request takes it")
        XCTAssertEqual(admission.ended(), ["d"])
        XCTAssertEqual(admission.ended(), [])
        XCTAssertEqual(admission.active, 1)
    }

    func testANewRequestNeverOvertakesOnesAlreadyWaiting() {
        var admission = TransferAdmission<Int>(limit: 1)
        XCTAssertEqual(admission.submit(1), 1)
        XCTAssertNil(admission.submit(2))
        // The slot frees and is taken by 2 before 3 arrives; 3 must then wait behind nobody but 2.
        XCTAssertEqual(admission.ended(), [2])
        XCTAssertNil(admission.submit(3), "the slot is 2's")
        XCTAssertEqual(admission.ended(), [3])
    }

    func testTheActiveCountNeverExceedsTheLimit() {
        var admission = TransferAdmission<Int>(limit: 3)
        var generator = SystemRandomNumberGenerator()
        var started = 0
        var next = 0
        for _ in 0..<10_000 {
            if Bool.random(using: &generator) || started == 0 {
                if admission.submit(next) != nil { started += 1 }
                next += 1
            } else {
                started += admission.ended().count - 1
            }
            XCTAssertLessThanOrEqual(admission.active, 3)
            XCTAssertEqual(admission.active, started)
            if admission.active < 3 { XCTAssertTrue(admission.waiting.isEmpty, "a free slot with requests waiting") }
        }
    }

    func testAbortCancelsEveryWaitingRequestAndStartsNothing() {
        var admission = TransferAdmission<Int>(limit: 1)
        _ = admission.submit(1)
        _ = admission.submit(2)
        _ = admission.submit(3)
        XCTAssertEqual(admission.abortAll(), [2, 3])
        XCTAssertEqual(admission.active, 0)
        XCTAssertEqual(admission.ended(), [], "nothing waits after an abort")
    }
}
