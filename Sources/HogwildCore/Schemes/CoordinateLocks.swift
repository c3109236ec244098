/// The paper's AIG baseline: exactly HOGWILD!, except that before writing, a worker
/// locks every coordinate of its term (in ascending order, so without deadlock) and
/// unlocks them after. The gradient is computed outside the locks; the writes are
/// exact (no lost updates), at the price of two atomic operations per coordinate and
/// waiting on hot coordinates.
///
/// ```swift
/// let report = try Trainer(objective: svm, scheme: CoordinateLocks(), configuration: .init(threads: 8)).run(on: x)
/// ```
public struct CoordinateLocks: UpdateScheme {
    public init() {}
    public var kind: SchemeKind { .coordinateLocks }

    public func makeCoordination<O: Objective>(for objective: O, memory: UnsafeParameterMemory,
                                               workers: Int) -> StripedSpinLocks {
        StripedSpinLocks(dimension: objective.dimension)
    }

    @inlinable @inline(__always)
    public func process<O: Objective>(term: Int, objective: O, memory: UnsafeParameterMemory,
                                      stepSize: Float, scratch: UnsafeMutableBufferPointer<Float>,
                                      worker: Int, coordination locks: StripedSpinLocks,
                                      delay: ArtificialDelay) {
        let state = objective.prepare(term: term, parameters: memory, scratch: scratch)
        delay.wait()
        var locker = StripeLocker(locks: locks)
        objective.visitCoordinates(of: term, &locker)
        objective.apply(term: term, state: state, stepSize: stepSize, scratch: scratch,
                        writer: RelaxedStoreWriter(memory: memory))
        var unlocker = StripeUnlocker(locks: locks)
        objective.visitCoordinates(of: term, &unlocker)
    }
}
