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
    /// The maximum of each window of x ([N, C, H, W]); the gradient goes to the first
    /// maximum, whose place the forward pass records.
    public func maxPool2d(_ x: Tensor, _ geometry: PoolingGeometry) throws(AutogradError) -> Tensor {
        let shape = try poolingShape(x, geometry, operation: "maxPool2d")
        guard x.count <= Int(Int32.max) else {
            throw .invalidShape(operation: "maxPool2d", x.shape, detail: "more than 2³¹ − 1 elements")
        }
        let argmax = integers.allocate(shape.count)
        let (tensor, y) = output(shape, .maxPool(x.id, geometry, argmax: argmax), inputs: x.id)
        let v = values(x.id)
        let (height, width) = (x.shape[2], x.shape[3])
        let (oh, ow) = (shape[2], shape[3])
        let (k, s) = (geometry.kernel, geometry.stride)
        var out = 0
        for plane in 0..<(x.shape[0] * x.shape[1]) {
            let base = plane * height * width
            for r in 0..<oh {
                let top = base + r * s * width
                if k == 2 && s == 2 {
                    // The usual 2×2 window, unrolled; ties go to the first, as in the general loop.
                    for q in 0..<ow {
                        let i = top + 2 * q
                        var best = v[i], at = i
                        if v[i + 1] > best { (best, at) = (v[i + 1], i + 1) }
                        if v[i + width] > best { (best, at) = (v[i + width], i + width) }
                        if v[i + width + 1] > best { (best, at) = (v[i + width + 1], i + width + 1) }
                        y[out + q] = best
                        argmax[out + q] = Int32(truncatingIfNeeded: at)
                    }
                } else {
                    for q in 0..<ow {
                        let corner = top + q * s
                        var best = -Float.infinity, at = corner
                        for i in 0..<k {
                            for j in 0..<k where v[corner + i * width + j] > best {
                                best = v[corner + i * width + j]
                                at = corner + i * width + j
                            }
                        }
                        y[out + q] = best
                        argmax[out + q] = Int32(truncatingIfNeeded: at)
                    }
                }
                out += ow
            }
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

    func backwardMaxPool(
        _ x: Int, _ argmax: UnsafeMutablePointer<Int32>, _ node: Node, _ g: UnsafeMutablePointer<Float>
    ) {
        guard let gx = inputGradient(x) else { return }
        for out in 0..<node.shape.count { gx[Int(argmax[out])] += g[out] }
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
