/// Where an optimizer's per-coordinate state lives during a run.
///
/// - `shared`: one set of buffers, which every worker reads and writes with relaxed
///   atomics, HOGWILD!-style (a racing update of a coordinate's state can be lost, as
///   for the parameters); Adam's update count t is the run's (the worker's count ×
///   workers); memory: state × dimension.
/// - `perWorker`: each worker its own buffers, as PyTorch's Hogwild example gives each
///   process its own optimizer; t is the worker's own; memory: state × dimension × workers.
/// - `automatic` (the default): `perWorker` for dense steps of fewer than 8 samples
///   (a network at batch 1 to 4: its step touches every coordinate and costs little
///   beside writing every state coordinate, so with shared state the workers' cores
///   spend the step trading the state's cache lines), `shared` for larger minibatches
///   (the state traffic is small beside the step, and shared moments, fed by every
///   worker's gradients, trained better: the MLP with Adam at batch 64 and 2 threads
///   reached 83.8% test accuracy with shared state, 75.6% per worker) and for sparse
///   steps (a term touches a few coordinates, shared state costs one set however many
///   threads run, and it is HOGWILD! in the paper's sense). `Benchmarks/RESULTS.md` has
///   the measurements.
public enum OptimizerStatePlacement: String, Sendable, Hashable, Codable, CaseIterable {
    case shared
    case perWorker
    case automatic

    /// Parses `shared`, `worker` (also `perWorker`, `per-worker`) or `automatic`.
    public init?(argument: String) {
        switch argument.lowercased() {
        case "shared": self = .shared
        case "worker", "perworker", "per-worker": self = .perWorker
        case "automatic": self = .automatic
        default: return nil
        }
    }

    /// `shared` or `perWorker` for `objective` (``automatic`` decided by its steps).
    @inlinable
    public func resolved<O: Objective>(for objective: O) -> OptimizerStatePlacement {
        guard self == .automatic else { return self }
        let samplesPerStep = objective.sampleCount / max(1, objective.termCount)
        return objective.stepsAreDense && samplesPerStep < Self.sharedFromSamplesPerStep ? .perWorker : .shared
    }

    /// The minibatch from which ``automatic`` shares a dense run's state: 8 samples.
    /// (MLP 784-128-10 with Adam at 2 threads: per-worker state ran 1.6x faster at batch
    /// 4, the same speed at batch 64, where shared state ended at a lower loss.)
    public static let sharedFromSamplesPerStep = 8
}

/// The state buffers of one run's optimizer, laid out like the parameters.
///
/// ## Concurrency contract
/// Built before the workers start and never resized; workers access buffers only
/// through their ``OptimizerBuffers`` (relaxed atomics), so any number may run at once.
public final class OptimizerState: @unchecked Sendable {
    public let placement: OptimizerStatePlacement
    /// The buffers' names (the rule's ``Optimizer/stateNames``).
    public let names: [String]
    /// `buffers[w][i]`: state buffer i of worker w (one row when shared).
    let buffers: [[SharedParameters]]
    /// Each row's memories, where the workers' ``OptimizerBuffers`` point.
    let views: [UnsafeMutablePointer<UnsafeParameterMemory>]

    /// State for `optimizer` over `layout`, for `workers` workers (`automatic`, which
    /// needs an objective to decide, is taken as shared: resolve it first).
    public init<Opt: Optimizer>(
        for optimizer: Opt, layout: ParameterLayout, workers: Int,
        placement: OptimizerStatePlacement
    ) throws(ParameterError) {
        self.placement = placement == .perWorker ? .perWorker : .shared
        names = optimizer.stateNames
        let sets = names.isEmpty ? 0 : (placement == .perWorker ? max(1, workers) : 1)
        var buffers: [[SharedParameters]] = []
        for _ in 0..<sets {
            var row: [SharedParameters] = []
            for i in names.indices {
                row.append(try SharedParameters(layout: layout, initialValue: optimizer.initialState(i)))
            }
            buffers.append(row)
        }
        self.buffers = buffers
        views = buffers.map { row in
            let view = UnsafeMutablePointer<UnsafeParameterMemory>.allocate(capacity: max(1, row.count))
            for (i, buffer) in row.enumerated() { (view + i).initialize(to: buffer.memory) }
            return view
        }
    }

    deinit {
        for view in views { view.deallocate() }
    }

    /// How many sets of buffers there are: 1 when shared, one per worker otherwise, 0
    /// for a rule without state.
    public var owners: Int { buffers.count }

    /// Bytes of state held.
    public var byteCount: Int { buffers.joined().reduce(0) { $0 + $1.count * 4 } }

    /// Worker `worker`'s view (valid while `self` is alive).
    public func view(for worker: Int) -> OptimizerBuffers {
        guard !views.isEmpty else { return OptimizerBuffers(base: nil, count: 0) }
        return OptimizerBuffers(base: UnsafePointer(views[placement == .shared ? 0 : worker]), count: names.count)
    }

    /// The state buffers of `worker` (the shared ones when shared), e.g. to save them.
    public func buffers(of worker: Int = 0) -> [SharedParameters] {
        buffers.isEmpty ? [] : buffers[placement == .shared ? 0 : worker]
    }
}
