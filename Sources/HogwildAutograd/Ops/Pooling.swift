/// Window and stride of a 2-D pooling (no padding; a partial window at the edge is dropped, as in PyTorch).
///
/// ```swift
/// let pooled = try tape.maxPool2d(x, PoolingGeometry(kernel: 2))     // [N, C, H/2, W/2]
/// ```
public struct PoolingGeometry: Sendable, Equatable {
    public var kernel: Int
    public var stride: Int
    /// A `kernel`×`kernel` window moved by `stride` (default: the kernel, non-overlapping).
    public init(kernel: Int, stride: Int? = nil) {
        self.kernel = kernel
        self.stride = stride ?? kernel
    }
}

extension Tape {
    /// The maximum of each window of x ([N, C, H, W]); the gradient goes to the first maximum.
    public func maxPool2d(_ x: Tensor, _ geometry: PoolingGeometry) throws(AutogradError) -> Tensor {
        let shape = try poolingShape(x, geometry, operation: "maxPool2d")
        let (tensor, y) = output(shape, .maxPool(x.id, geometry), inputs: x.id)
        forEachWindow(input: x.shape, output: shape, geometry) { input, out, offsets in
            let v = values(x.id) + input
            var best = -Float.infinity
            for offset in offsets { best = Swift.max(best, v[offset]) }
            y[out] = best
        }
        return tensor
    }

    /// The mean of each window of x ([N, C, H, W]).
    public func averagePool2d(_ x: Tensor, _ geometry: PoolingGeometry) throws(AutogradError) -> Tensor {
        let shape = try poolingShape(x, geometry, operation: "averagePool2d")
        let (tensor, y) = output(shape, .averagePool(x.id, geometry), inputs: x.id)
        let scale = 1 / Float(geometry.kernel * geometry.kernel)
        forEachWindow(input: x.shape, output: shape, geometry) { input, out, offsets in
            let v = values(x.id) + input
            var total: Float = 0
            for offset in offsets { total += v[offset] }
            y[out] = total * scale
        }
        return tensor
    }

    func poolingShape(_ x: Tensor, _ geometry: PoolingGeometry, operation: String) throws(AutogradError) -> Shape {
        guard x.shape.rank == 4 else {
            throw .invalidShape(
                operation: operation, x.shape, detail: "the input must be [batch, channels, height, width]")
        }
        guard geometry.kernel >= 1, geometry.stride >= 1 else {
            throw .invalidArgument(
                operation: operation, detail: "kernel \(geometry.kernel) and stride \(geometry.stride) must be ≥ 1")
        }
        guard x.shape[2] >= geometry.kernel, x.shape[3] >= geometry.kernel else {
            throw .invalidShape(
                operation: operation, x.shape, detail: "smaller than the \(geometry.kernel)×\(geometry.kernel) window")
        }
        guard x.shape[0] > 0 else { throw .emptyBatch(operation: operation) }
        return Shape(
            x.shape[0], x.shape[1], (x.shape[2] - geometry.kernel) / geometry.stride + 1,
            (x.shape[3] - geometry.kernel) / geometry.stride + 1)
    }

    /// Calls body(offset of the window's top-left input element, output index, the
    /// window's element offsets from it) for every window, output in row-major order.
    @inline(__always)
    func forEachWindow(
        input: Shape, output: Shape, _ geometry: PoolingGeometry,
        _ body: (Int, Int, WindowOffsets) -> Void
    ) {
        let (height, width) = (input[2], input[3])
        let (oh, ow) = (output[2], output[3])
        let offsets = WindowOffsets(kernel: geometry.kernel, rowStride: width)
        var out = 0
        for plane in 0..<(input[0] * input[1]) {
            let base = plane * height * width
            for r in 0..<oh {
                for q in 0..<ow {
                    body(base + r * geometry.stride * width + q * geometry.stride, out, offsets)
                    out += 1
                }
            }
        }
    }

    func backwardMaxPool(_ x: Int, _ geometry: PoolingGeometry, _ node: Node, _ g: UnsafeMutablePointer<Float>) {
        guard let gx = inputGradient(x) else { return }
        let v = values(x)
        forEachWindow(input: nodes[x].shape, output: node.shape, geometry) { input, out, offsets in
            var best = -Float.infinity, at = 0
            for offset in offsets where v[input + offset] > best {
                best = v[input + offset]
                at = offset
            }
            gx[input + at] += g[out]
        }
    }

    func backwardAveragePool(_ x: Int, _ geometry: PoolingGeometry, _ node: Node, _ g: UnsafeMutablePointer<Float>) {
        guard let gx = inputGradient(x) else { return }
        let scale = 1 / Float(geometry.kernel * geometry.kernel)
        forEachWindow(input: nodes[x].shape, output: node.shape, geometry) { input, out, offsets in
            for offset in offsets { gx[input + offset] += g[out] * scale }
        }
    }
}

/// The element offsets of a k×k window in a row-major plane of the given row stride.
struct WindowOffsets: Sequence, IteratorProtocol {
    let kernel: Int, rowStride: Int
    var i = 0, j = 0
    init(kernel: Int, rowStride: Int) {
        self.kernel = kernel
        self.rowStride = rowStride
    }
    mutating func next() -> Int? {
        guard i < kernel else { return nil }
        let offset = i * rowStride + j
        j += 1
        if j == kernel {
            j = 0
            i += 1
        }
        return offset
    }
}
