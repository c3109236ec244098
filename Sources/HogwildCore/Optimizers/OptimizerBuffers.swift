/// A rule's typed view of its state buffers: names the buffers (``names``, saved with a
/// network) and gives them to the rule's arithmetic by meaning (`m`, `v`), not by slot.
///
/// ```swift
/// public struct AdamMoments: OptimizerStateLayout {
///     public static let names = ["exp_avg", "exp_avg_sq"]
///     public let m: UnsafeParameterMemory, v: UnsafeParameterMemory
///     public init(_ buffers: OptimizerBuffers) { (m, v) = (buffers[0], buffers[1]) }
/// }
/// ```
public protocol OptimizerStateLayout {
    /// The buffers' names, in order: PyTorch's names where it has them (`exp_avg`).
    static var names: [String] { get }
    /// The view of `buffers`, which holds `names.count` buffers.
    init(_ buffers: OptimizerBuffers)
}

/// The state of a rule that keeps none (SGD).
@frozen
public struct NoOptimizerState: OptimizerStateLayout {
    public static var names: [String] { [] }
    @inlinable public init(_ buffers: OptimizerBuffers) {}
}

/// One worker's state buffers, untyped: the shared ones, or the worker's own, each laid
/// out like the parameters and read and written with relaxed atomics.
///
/// ## Concurrency contract
/// As ``UnsafeParameterMemory``: any number of threads may read and write through views
/// of the same buffers (a racing update of one coordinate's state can be lost); valid
/// while the ``OptimizerState`` it came from is alive.
@frozen
public struct OptimizerBuffers: @unchecked Sendable, OptimizerStateLayout {
    @usableFromInline let base: UnsafePointer<UnsafeParameterMemory>?
    /// Buffers in the view.
    public let count: Int

    /// A view of `count` buffers stored at `base` (kept alive by their owner).
    @inlinable
    public init(base: UnsafePointer<UnsafeParameterMemory>?, count: Int) {
        self.base = base
        self.count = count
    }

    /// The buffers of a rule chosen at run time are named by the rule, not here.
    public static var names: [String] { [] }
    @inlinable public init(_ buffers: OptimizerBuffers) { self = buffers }

    /// Buffer `index` (in the rule's order).
    @inlinable
    public subscript(index: Int) -> UnsafeParameterMemory {
        precondition(index < count, "optimizer state buffer \(index) of \(count)")
        return base.unsafelyUnwrapped[index]
    }
}
