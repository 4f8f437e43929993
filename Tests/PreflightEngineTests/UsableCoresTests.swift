@testable import PreflightEngine
import XCTest

final class UsableCoresTests: XCTestCase {
    func testAffinityListsAreCounted() {
        XCTAssertEqual(UsableCores.count(inList: "0-3,6"), 5)
        XCTAssertEqual(UsableCores.count(inList: "\t1"), 1)
        XCTAssertNil(UsableCores.count(inList: "3-1"))
        XCTAssertGreaterThanOrEqual(UsableCores.count, 1)
    }

    func testAContainerCPULimitCapsTheLoops() {
        XCTAssertEqual(UsableCores.cores(inQuota: "200000 100000\n"), 2, "a pod limited to 2 CPUs")
        XCTAssertEqual(UsableCores.cores(inQuota: "150000 100000"), 2, "1.5 CPUs round up")
        XCTAssertEqual(UsableCores.cores(inQuota: "10000 100000"), 1, "never below one loop")
        XCTAssertNil(UsableCores.cores(inQuota: "max 100000"), "no limit")
        XCTAssertNil(UsableCores.cores(inQuota: "garbage"))
    }
}
