import Foundation
import XCTest

extension XCTestCase {
    /// A new, empty directory under the system's temporary directory, named after `label`, and
    /// removed with everything in it when the test ends (whether it passed or not).
    func makeScratchDirectory(_ label: String) throws -> URL {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("preflight-\(label)-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        addTeardownBlock { try? FileManager.default.removeItem(at: directory) }
        return directory
    }
}
