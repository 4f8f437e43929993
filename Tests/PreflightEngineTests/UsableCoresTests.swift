@testable import PreflightEngine
import XCTest

final class UsableCoresTests: XCTestCase {
    func testAffinityListsAreCounted() {
        XCTAssertEqual(UsableCores.count(inList: "0-3,6"), 5)
        XCTAssertEqual(UsableCores.count(inList: "\t1"), 1)
        XCTAssertNil(UsableCores.count(inList: "3-1"))
        XCTAssertGreaterThanOrEqual(UsableCores.count, 1)
    }
}
