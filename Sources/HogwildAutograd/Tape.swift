import CHogwildKernels
import HogwildSupport

/// One worker's reverse-mode tape: every op appends a node holding its output and
/// enough to differentiate it; ``backward(from:)`` walks the nodes once in reverse
/// (the order of recording is a topological order) and accumulates each input's
/// gradient with `+=`.
///
/// A tape lives in a worker's workspace, so two workers never share one and nothing in
/// it is global. Its values live in a ``ScratchArena`` that ``reset()`` empties: after
/// the first step, a step of the same shapes allocates nothing. Parameters are bound
/// with ``bind(values:gradients:)`` to a snapshot of the shared parameters and to the
/// worker's gradient buffer, both laid out like the shared buffer; ``parameter(at:_:)``
/// then makes a tensor of a range of them, whose gradient lands in that buffer.
///
/// ```swift
/// let tape = Tape()
/// let x = tape.constant(Shape(2, 3), [1, 2, 3, 4, 5, 6])
/// let w = tape.variable(Shape(3, 1), [0.1, 0.2, 0.3])
/// let loss = try tape.mean(tape.matmul(x, w))
/// try tape.backward(from: loss)
/// tape.gradient(of: w)!        // [2.5, 3.5, 4.5]
/// ```
///
/// Not thread-safe: one tape per worker.
public final class Tape {
    @usableFromInline var nodes: [Node] = []
    @usableFromInline var floats = ScratchArena<Float>(initialCapacity: 1 << 16)
    @usableFromInline var integers = ScratchArena<Int32>(initialCapacity: 1024)
    /// Packed GEMM panels, owned for the tape's life.
    @usableFromInline let gemmWorkspace: UnsafeMutablePointer<Float>
    @usableFromInline var boundValues: UnsafeMutablePointer<Float>?
    @usableFromInline var boundGradients: UnsafeMutablePointer<Float>?
    @usableFromInline var boundCount = 0
    /// The shared parameters themselves, when GEMMs may read them directly.
    var boundShared: UnsafePointer<Float>?
    /// False when the bound gradient buffer holds garbage the tape must overwrite.
    var boundGradientsZeroed = true
    /// The bound parameter tensors recorded this step: (offset, count, node).
    var parameterRanges: [BoundParameter] = []

    public init() {
        nodes.reserveCapacity(256)
        parameterRanges.reserveCapacity(64)
        gemmWorkspace = .allocate(capacity: hogwild_sgemm_workspace_count())
    }

    deinit {
        floats.deallocate()
        integers.deallocate()
        gemmWorkspace.deallocate()
    }

    /// Nodes recorded since the last reset.
    public var nodeCount: Int { nodes.count }

    /// Memory chunks the tape's arenas have allocated in its life; constant once steps repeat.
    public var arenaAllocations: Int { floats.chunkAllocations + integers.chunkAllocations }

    /// Forgets every node and frees their values for reuse (no memory is returned).
    public func reset() {
        nodes.removeAll(keepingCapacity: true)
        floats.reset()
        integers.reset()
        boundValues = nil
        boundGradients = nil
        boundCount = 0
        boundGradientsZeroed = true
        boundShared = nil
        parameterRanges.removeAll(keepingCapacity: true)
    }

    /// Binds the parameter vector for ``parameter(at:_:)``: `values` (a snapshot the
    /// worker loaded from shared memory) and `gradients` (where their partial
    /// derivatives are accumulated; nil for a forward pass only), `count` floats each.
    ///
    /// With `gradientsZeroed` false the buffer's contents are undefined and the tape
    /// writes every coordinate: the first contribution to a weight matrix's gradient
    /// overwrites (GEMM with β = 0) instead of adding to zeros, which saves a pass over
    /// the buffer, and ``finishParameterGradients()`` writes zeros wherever the loss
    /// does not reach. Call it after ``backward(from:)``.
    ///
    /// With `shared` (the parameters' storage, from `ParameterReader.directStorage(_:)` in HogwildCore)
    /// `values` is filled lazily: a weight that only ever enters GEMMs is read by the
    /// GEMM straight from shared memory and never copied; any other use copies that
    /// tensor's range into `values` first, with the vectorized bulk read.
    public func bind(
        values: UnsafeMutablePointer<Float>, gradients: UnsafeMutablePointer<Float>?, count: Int,
        gradientsZeroed: Bool = true, shared: UnsafePointer<Float>? = nil
    ) {
        boundShared = shared
        boundValues = values
        boundGradients = gradients
        boundCount = count
        boundGradientsZeroed = gradientsZeroed
        parameterRanges.removeAll(keepingCapacity: true)
    }

    /// Writes zeros into every coordinate of the bound gradient buffer that no
    /// backward pass has written (bound with `gradientsZeroed: false`): parameters
    /// the loss does not depend on, and coordinates no parameter tensor covers.
    public func finishParameterGradients() {
        guard let gradients = boundGradients, !boundGradientsZeroed else { return }
        for i in 0..<parameterRanges.count where nodes[parameterRanges[i].node].gradientIsGarbage {
            let entry = parameterRanges[i]
            (gradients + entry.offset).initialize(repeating: 0, count: entry.count)
            nodes[entry.node].gradientIsGarbage = false
        }
        // The gaps between tensors, after an insertion sort by offset (the standard
        // library's sort allocates a merge buffer; a model has few tensors).
        for i in 1..<Swift.max(1, parameterRanges.count) {
            let entry = parameterRanges[i]
            var j = i
            while j > 0 && parameterRanges[j - 1].offset > entry.offset {
                parameterRanges[j] = parameterRanges[j - 1]
                j -= 1
            }
            parameterRanges[j] = entry
        }
        var covered = 0
        for i in 0..<parameterRanges.count {
            let entry = parameterRanges[i]
            if entry.offset > covered { (gradients + covered).initialize(repeating: 0, count: entry.offset - covered) }
            covered = Swift.max(covered, entry.offset + entry.count)
        }
        if covered < boundCount { (gradients + covered).initialize(repeating: 0, count: boundCount - covered) }
        boundGradientsZeroed = true
    }

    // MARK: Leaves

    /// A tensor of the bound parameters `offset..<offset + shape.count`; its gradient
    /// accumulates into the bound gradient buffer. No copy is made.
    public func parameter(at offset: Int, _ shape: Shape) throws(AutogradError) -> Tensor {
        guard let values = boundValues else {
            throw .invalidArgument(
                operation: "parameter", detail: "no parameters are bound (call bind(values:gradients:count:) first)")
        }
        guard offset >= 0, offset + shape.count <= boundCount else {
            throw .invalidArgument(
                operation: "parameter",
                detail: "range \(offset)..<\(offset + shape.count) is outside the \(boundCount) bound parameters")
        }
        let gradient = boundGradients.map { $0 + offset }
        var garbage = gradient != nil && !boundGradientsZeroed
        if garbage {
            // A range recorded twice (tied weights, an unrolled recurrence) accumulates
            // from both tensors, so both start from zeros instead.
            // Index loops: `for … in` an array runs unspecialized, allocating, in debug builds.
            for i in 0..<parameterRanges.count {
                let entry = parameterRanges[i]
                guard entry.offset < offset + shape.count && offset < entry.offset + entry.count else { continue }
                if nodes[entry.node].gradientIsGarbage {
                    (gradient! - offset + entry.offset).initialize(repeating: 0, count: entry.count)
                    nodes[entry.node].gradientIsGarbage = false
                }
                garbage = false
            }
            if !garbage { gradient!.initialize(repeating: 0, count: shape.count) }
        }
        var node = Node(
            operation: .leaf, shape: shape, value: values + offset, gradient: gradient,
            requiresGradient: gradient != nil, gradientIsGarbage: garbage)
        node.shared = boundShared.map { $0 + offset }
        let tensor = record(node)
        parameterRanges.append(BoundParameter(offset: offset, count: shape.count, node: tensor.id))
        return tensor
    }

    /// A tensor that needs no gradient (data, targets), copied from `values`.
    public func constant(_ shape: Shape, _ values: UnsafeBufferPointer<Float>) throws(AutogradError) -> Tensor {
        guard values.count == shape.count else {
            throw .invalidShape(
                operation: "constant", shape, detail: "\(values.count) values given for \(shape.count) elements")
        }
        let (tensor, storage) = makeLeaf(shape, requiresGradient: false)
        if let base = values.baseAddress { storage.update(from: base, count: shape.count) }
        return tensor
    }

    /// A constant from an array (convenient in tests and examples; traps on a count mismatch).
    public func constant(_ shape: Shape, _ values: [Float]) -> Tensor {
        precondition(values.count == shape.count, "constant: \(values.count) values for shape \(shape)")
        let (tensor, storage) = makeLeaf(shape, requiresGradient: false)
        values.withUnsafeBufferPointer { storage.update(from: $0.baseAddress!, count: shape.count) }
        return tensor
    }

    /// A leaf whose gradient the tape keeps (read it with ``gradient(of:)``): inputs of a
    /// gradient check, or parameters outside a shared buffer.
    public func variable(_ shape: Shape, _ values: [Float]) -> Tensor {
        precondition(values.count == shape.count, "variable: \(values.count) values for shape \(shape)")
        let (tensor, storage) = makeLeaf(shape, requiresGradient: true)
        values.withUnsafeBufferPointer { storage.update(from: $0.baseAddress!, count: shape.count) }
        return tensor
    }

    /// A constant whose values the caller writes into the returned buffer (a minibatch
    /// copied straight from a data set, no intermediate array).
    public func input(_ shape: Shape) -> (Tensor, UnsafeMutableBufferPointer<Float>) {
        let (tensor, storage) = makeLeaf(shape, requiresGradient: false)
        return (tensor, UnsafeMutableBufferPointer(start: storage, count: shape.count))
    }

    /// Integer storage for one step (class labels, embedding indices), valid until reset.
    public func labels(_ count: Int) -> UnsafeMutableBufferPointer<Int32> {
        UnsafeMutableBufferPointer(start: integers.allocate(count), count: count)
    }

    // MARK: Reading results

    /// The values of `tensor`.
    public func value(_ tensor: Tensor) -> UnsafeMutableBufferPointer<Float> {
        UnsafeMutableBufferPointer(start: values(tensor.id), count: tensor.count)
    }

    /// The scalar value of a one-element tensor.
    public func scalar(_ tensor: Tensor) -> Float { values(tensor.id)[0] }

    /// Node `id`'s values in tape memory (a parameter still only in shared memory is
    /// copied in first, through the vectorized bulk read).
    @inline(__always)
    func values(_ id: Int) -> UnsafeMutablePointer<Float> {
        if let shared = nodes[id].shared {
            hogwild_load_range(shared, nodes[id].value, nodes[id].shape.count)
            nodes[id].shared = nil
        }
        return nodes[id].value
    }

    /// Node `id`'s values as a GEMM operand: shared memory itself for a parameter not
    /// yet copied (the C kernel reads each float whole, as the bulk read does).
    @inline(__always)
    func gemmOperand(_ id: Int) -> UnsafePointer<Float> {
        nodes[id].shared ?? UnsafePointer(nodes[id].value)
    }

    /// ∂loss/∂tensor after ``backward(from:)``, or nil when the tensor needs no gradient
    /// or the loss does not depend on it.
    public func gradient(of tensor: Tensor) -> UnsafeBufferPointer<Float>? {
        nodes[tensor.id].gradient.map { UnsafeBufferPointer(start: $0, count: tensor.count) }
    }

    // MARK: Backward

    /// Accumulates ∂loss/∂t into every tensor t the scalar `loss` depends on that needs
    /// a gradient (parameters into the bound gradient buffer), in one reverse pass.
    public func backward(from loss: Tensor) throws(AutogradError) {
        guard loss.shape.count == 1 else { throw .backwardFromNonScalar(loss.shape) }
        var one: Float = 1
        try withUnsafePointer(to: &one) { (pointer) throws(AutogradError) in
            try backward(from: loss, seed: UnsafeBufferPointer(start: pointer, count: 1))
        }
    }

    /// The vector-Jacobian product: accumulates seedᵀ·∂output/∂t into every tensor t
    /// that needs a gradient, for an output of any shape (`seed` has its element count).
    public func backward(from output: Tensor, seed: UnsafeBufferPointer<Float>) throws(AutogradError) {
        guard seed.count == output.count else {
            throw .shapeMismatch(
                operation: "backward", output.shape, Shape(seed.count), detail: "the seed needs one value per element")
        }
        guard nodes[output.id].requiresGradient else { return }
        let start = inputGradient(output.id)!
        for i in 0..<seed.count { start[i] += seed[i] }
        var index = output.id
        while index >= 0 {
            let node = nodes[index]
            if node.requiresGradient, let gradient = node.gradient {
                backward(node: node, gradient: gradient)
            }
            index -= 1
        }
    }

    // MARK: Recording (used by the ops)

    @usableFromInline
    func record(_ node: Node) -> Tensor {
        nodes.append(node)
        return Tensor(id: nodes.count - 1, shape: node.shape)
    }

    func makeLeaf(_ shape: Shape, requiresGradient: Bool) -> (Tensor, UnsafeMutablePointer<Float>) {
        let storage = floats.allocate(shape.count)
        let tensor = record(
            Node(
                operation: .leaf, shape: shape, value: storage, gradient: nil,
                requiresGradient: requiresGradient, gradientIsGarbage: false))
        return (tensor, storage)
    }

    /// Records an op's output: fresh storage for its value, needing a gradient when any
    /// input does. The op fills the value.
    func output(
        _ shape: Shape, _ operation: Operation, inputs a: Int, _ b: Int = -1, _ c: Int = -1
    )
        -> (Tensor, UnsafeMutablePointer<Float>)
    {
        let storage = floats.allocate(shape.count)
        return (outputSharing(storage, shape, operation, inputs: a, b, c), storage)
    }

    /// Records an op whose value is `storage` (a reshape shares its input's values).
    func outputSharing(
        _ storage: UnsafeMutablePointer<Float>, _ shape: Shape, _ operation: Operation,
        inputs a: Int, _ b: Int = -1, _ c: Int = -1
    ) -> Tensor {
        let needs =
            nodes[a].requiresGradient || (b >= 0 && nodes[b].requiresGradient)
            || (c >= 0 && nodes[c].requiresGradient)
        return record(
            Node(
                operation: operation, shape: shape, value: storage, gradient: nil,
                requiresGradient: needs, gradientIsGarbage: false))
    }

    /// The gradient buffer of node `id`, zeroed the first time it is asked for.
    func gradientStorage(_ id: Int) -> UnsafeMutablePointer<Float> {
        if let gradient = nodes[id].gradient { return gradient }
        let count = nodes[id].shape.count
        let gradient = floats.allocate(count)
        gradient.initialize(repeating: 0, count: count)
        nodes[id].gradient = gradient
        return gradient
    }

    /// The gradient buffer of input `id` if it needs one, else nil (its branch is
    /// skipped), holding zeros or earlier contributions: ops add to it.
    func inputGradient(_ id: Int) -> UnsafeMutablePointer<Float>? {
        guard id >= 0 && nodes[id].requiresGradient else { return nil }
        let gradient = gradientStorage(id)
        if nodes[id].gradientIsGarbage {
            gradient.initialize(repeating: 0, count: nodes[id].shape.count)
            nodes[id].gradientIsGarbage = false
        }
        return gradient
    }

    /// Like ``inputGradient(_:)`` for an op that can overwrite instead of adding (a
    /// GEMM): β is 0 when the buffer holds nothing yet worth keeping, else 1.
    func inputGradientForGemm(_ id: Int) -> (UnsafeMutablePointer<Float>, beta: Float)? {
        guard id >= 0 && nodes[id].requiresGradient else { return nil }
        let gradient = gradientStorage(id)
        if nodes[id].gradientIsGarbage {
            nodes[id].gradientIsGarbage = false
            return (gradient, 0)
        }
        return (gradient, 1)
    }

    /// Scratch floats valid until reset (for ops' saved intermediates).
    func scratch(_ count: Int) -> UnsafeMutablePointer<Float> { floats.allocate(count) }

    /// C = alpha·op(A)·op(B) + beta·C on the tape's own GEMM workspace.
    @inline(__always)
    func gemm(
        transposeA: Bool, transposeB: Bool, m: Int, n: Int, k: Int, alpha: Float = 1,
        a: UnsafePointer<Float>, lda: Int, b: UnsafePointer<Float>, ldb: Int,
        beta: Float, c: UnsafeMutablePointer<Float>, ldc: Int
    ) {
        hogwild_sgemm(
            transposeA ? 1 : 0, transposeB ? 1 : 0, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc,
            gemmWorkspace)
    }
}

/// A parameter tensor's range of the bound buffer. (A struct, not a tuple: arrays of
/// tuples allocate on access in unoptimized builds.)
struct BoundParameter {
    var offset: Int, count: Int, node: Int
}

/// One recorded value and how it was made.
@usableFromInline
struct Node {
    var operation: Operation
    var shape: Shape
    var value: UnsafeMutablePointer<Float>
    var gradient: UnsafeMutablePointer<Float>?
    var requiresGradient: Bool
    /// True while `gradient` points at undefined contents of the bound buffer (a
    /// parameter bound with `gradientsZeroed: false` that nothing has written yet).
    var gradientIsGarbage: Bool
    /// A parameter's values in shared memory while they have not been copied to `value`.
    var shared: UnsafePointer<Float>? = nil
}
