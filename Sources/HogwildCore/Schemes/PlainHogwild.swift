/// HOGWILD!: every worker reads x_e, computes its step and writes it with plain
/// (relaxed) stores, taking no lock. Two workers writing one coordinate at once can
/// lose one of the two updates; the paper shows this costs little when terms rarely
/// share coordinates (small ρ and Δ), and the released code does exactly this.
///
/// (Named `PlainHogwild` so that it does not shadow the `Hogwild` module.)
///
/// ```swift
/// let report = try Trainer(objective: svm, scheme: PlainHogwild(), configuration: .init(threads: 8)).run(on: x)
/// ```
public struct PlainHogwild: UpdateScheme {
    public init() {}
    public var kind: SchemeKind { .hogwild }
    public func makeCoordination<O: Objective>(for objective: O, memory: UnsafeParameterMemory, workers: Int) -> NoCoordination {
        NoCoordination()
    }

    @inlinable @inline(__always)
    public func process<O: Objective, Opt: Optimizer>(term: Int, stepper: inout WorkerStepper<O, Opt>, stepSize: Float,
                                                      memory: UnsafeParameterMemory, worker: Int,
                                                      coordination: NoCoordination, delay: ArtificialDelay) {
        stepper.step(term: term, stepSize: stepSize, reading: memory, writer: RelaxedStoreWriter(memory: memory), delay: delay)
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
    public func process<O: Objective, Opt: Optimizer>(term: Int, stepper: inout WorkerStepper<O, Opt>, stepSize: Float,
                                                      memory: UnsafeParameterMemory, worker: Int,
                                                      coordination: NoCoordination, delay: ArtificialDelay) {
        stepper.step(term: term, stepSize: stepSize, reading: memory, writer: AtomicAddWriter(memory: memory), delay: delay)
    }
}
