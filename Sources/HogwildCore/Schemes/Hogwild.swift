/// HOGWILD!: every worker reads x_e, computes its step and writes it with plain
/// (relaxed) stores, taking no lock. Two workers writing one coordinate at once can
/// lose one of the two updates; the paper shows this costs little when terms rarely
/// share coordinates (small ρ and Δ), and the released code does exactly this.
///
/// ```swift
/// let report = try Trainer(objective: svm, scheme: Hogwild(), configuration: .init(threads: 8)).run(on: x)
/// ```
public struct Hogwild: UpdateScheme {
    public init() {}
    public var kind: SchemeKind { .hogwild }
    public func makeCoordination<O: Objective>(for objective: O, memory: UnsafeParameterMemory, workers: Int) -> NoCoordination {
        NoCoordination()
    }

    @inlinable @inline(__always)
    public func process<O: Objective>(term: Int, objective: O, memory: UnsafeParameterMemory,
                                      stepSize: Float, scratch: UnsafeMutableBufferPointer<Float>,
                                      worker: Int, coordination: NoCoordination, delay: ArtificialDelay) {
        let state = objective.prepare(term: term, parameters: memory, scratch: scratch)
        delay.wait()
        objective.apply(term: term, state: state, stepSize: stepSize, scratch: scratch,
                        writer: RelaxedStoreWriter(memory: memory))
    }
}

/// HOGWILD! with the primitive the paper's analysis assumes: each coordinate update
/// is an atomic add (a compare-exchange loop), so no update is ever lost. Still no
/// locks; costs about 3× a plain store per coordinate when uncontended.
///
/// ```swift
/// let report = try Trainer(objective: svm, scheme: HogwildAtomic(), configuration: .init(threads: 8)).run(on: x)
/// ```
public struct HogwildAtomic: UpdateScheme {
    public init() {}
    public var kind: SchemeKind { .hogwildAtomic }
    public func makeCoordination<O: Objective>(for objective: O, memory: UnsafeParameterMemory, workers: Int) -> NoCoordination {
        NoCoordination()
    }

    @inlinable @inline(__always)
    public func process<O: Objective>(term: Int, objective: O, memory: UnsafeParameterMemory,
                                      stepSize: Float, scratch: UnsafeMutableBufferPointer<Float>,
                                      worker: Int, coordination: NoCoordination, delay: ArtificialDelay) {
        let state = objective.prepare(term: term, parameters: memory, scratch: scratch)
        delay.wait()
        objective.apply(term: term, state: state, stepSize: stepSize, scratch: scratch,
                        writer: AtomicAddWriter(memory: memory))
    }
}
