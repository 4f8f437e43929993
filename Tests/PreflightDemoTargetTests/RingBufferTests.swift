@testable import PreflightDemoTarget
import Testing

@Suite struct RingBufferTests {
    @Test func keepsTheNewestElementsAndReportsWhatItEvicts() {
        var ring = RingBuffer<Int>(capacity: 3)
        #expect(ring.append(1) == nil)
        #expect(ring.append(2) == nil)
        #expect(ring.append(3) == nil)
        #expect(ring.elements == [1, 2, 3])
        #expect(ring.append(4) == 1)
        #expect(ring.append(5) == 2)
        #expect(ring.elements == [3, 4, 5])
        #expect(ring.count == 3)
    }
}
