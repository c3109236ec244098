/// HOGWILD!: every worker reads x_e, computes its step and writes it with plain
/// (relaxed) stores, taking no lock. Two workers writing one coordinate at once can
/// lose one of the two updates; the paper shows this costs little when terms rarely
/// share coordinates (small ρ and Δ), and the released code does exactly this.
///
/// Its writes are relaxed stores, hence the name (beside ``AtomicHogwild``, whose
/// writes are atomic adds).
///
/// ```swift
/// let report = try Trainer(objective: svm, scheme: RelaxedHogwild(), configuration: .init(threads: 8)).run(on: x)
/// ```
public struct RelaxedHogwild: SchemeRule {
    public init() {}
    public func makeCoordination<O: Objective>(
        for objective: O, memory: UnsafeParameterMemory, workers: Int
    ) -> NoCoordination {
        NoCoordination()
    }

    @inlinable @inline(__always)
    public func process<O: Objective, Opt: Optimizer>(
        term: Int, stepper: inout WorkerStepper<O, Opt>, stepSize: Float,
        memory: UnsafeParameterMemory, worker: Int,
        coordination: NoCoordination, delay: ArtificialDelay
    ) {
        stepper.step(
            term: term, stepSize: stepSize, reading: memory, writer: RelaxedStoreWriter(memory: memory), delay: delay)
    }
}

/// HOGWILD! with the primitive the paper's analysis assumes: each coordinate update
/// is an atomic add (a compare-exchange loop), so no update is ever lost. Still no
/// locks; costs about 3× a plain store per coordinate when uncontended.
///
/// ```swift
/// let report = try Trainer(objective: svm, scheme: AtomicHogwild(), configuration: .init(threads: 8)).run(on: x)
/// ```
public struct AtomicHogwild: SchemeRule {
    public init() {}
    public func makeCoordination<O: Objective>(
        for objective: O, memory: UnsafeParameterMemory, workers: Int
    ) -> NoCoordination {
        NoCoordination()
    }

    @inlinable @inline(__always)
    public func process<O: Objective, Opt: Optimizer>(
        term: Int, stepper: inout WorkerStepper<O, Opt>, stepSize: Float,
        memory: UnsafeParameterMemory, worker: Int,
        coordination: NoCoordination, delay: ArtificialDelay
    ) {
        stepper.step(
            term: term, stepSize: stepSize, reading: memory, writer: AtomicAddWriter(memory: memory), delay: delay)
    }
}

extension RelaxedHogwild {
    public static let kind = SchemeKind.hogwild
    public static let displayName = "HOGWILD!"
    public static let summary =
        "read x_e, compute the step, relaxed store per coordinate; no lock (updates can be lost)"
    public static let figureColor = "#1f77b4"
}

extension AtomicHogwild {
    public static let kind = SchemeKind.hogwildAtomic
    public static let aliases = ["hogwildatomic", "atomic"]
    public static let displayName = "HOGWILD! (atomic add)"
    public static let summary = "the same, each coordinate an atomic add (compare-exchange; nothing lost)"
    public static let figureColor = "#8c564b"
}
