/// A fixed-capacity FIFO that overwrites its oldest element when full.
///
/// It is what keeps the demo target's memory bounded during long load runs: the arrival log keeps
/// the latest entries, and the stores use the evicted element to forget their oldest records.
struct RingBuffer<Element> {
    let capacity: Int
    private var storage: [Element] = []
    /// Where the oldest element sits once the buffer is full.
    private var oldest = 0

    init(capacity: Int) {
        precondition(capacity > 0, "a ring buffer needs room for at least one element")
        self.capacity = capacity
    }

    var count: Int { storage.count }

    /// Appends `element`; when the buffer was full, returns the element it displaced.
    @discardableResult
    mutating func append(_ element: Element) -> Element? {
        guard storage.count == capacity else {
            storage.append(element)
            return nil
        }
        let evicted = storage[oldest]
        storage[oldest] = element
        oldest = (oldest + 1) % capacity
        return evicted
    }

    /// The elements from oldest to newest.
    var elements: [Element] {
        Array(storage[oldest...] + storage[..<oldest])
    }
}
