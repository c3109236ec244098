/// Stride and zero padding of a 2-D convolution (the same on both axes).
///
/// ```swift
/// let y = try tape.conv2d(x, weight: w, bias: b, ConvolutionGeometry(stride: 2, padding: 1))
/// ```
public struct ConvolutionGeometry: Sendable, Equatable {
    public var stride: Int
    public var padding: Int
    public init(stride: Int = 1, padding: Int = 0) {
        self.stride = stride
        self.padding = padding
    }
}

extension Tape {
    /// A 2-D convolution (cross-correlation, as in every deep-learning library): x is
    /// [N, C, H, W], weight [O, C, KH, KW], bias [O] or nil; the result is
    /// [N, O, (H + 2·padding − KH)/stride + 1, (W + 2·padding − KW)/stride + 1].
    ///
    /// Computed as im2col + GEMM over the whole minibatch: every image's receptive fields
    /// are unrolled into the columns of one [C·KH·KW, N·Ho·Wo] matrix, kept for the
    /// backward pass, and one GEMM multiplies the weights by all of them (one GEMM per
    /// layer and pass rather than per image: the weights are packed once, and the GEMMs
    /// of the backward pass get the whole batch as their inner dimension).
    /// (`hogwild-bench --autograd --parts conv` compares it with a direct loop nest.)
    public func conv2d(
        _ x: Tensor, weight: Tensor, bias: Tensor? = nil,
        _ geometry: ConvolutionGeometry = ConvolutionGeometry()
    ) throws(AutogradError) -> Tensor {
        guard x.shape.rank == 4 else {
            throw .invalidShape(
                operation: "conv2d", x.shape, detail: "the input must be [batch, channels, height, width]")
        }
        guard weight.shape.rank == 4 else {
            throw .invalidShape(
                operation: "conv2d", weight.shape,
                detail: "the weight must be [out channels, in channels, kernel height, kernel width]")
        }
        guard x.shape[1] == weight.shape[1] else {
            throw .shapeMismatch(
                operation: "conv2d", x.shape, weight.shape,
                detail: "the input has \(x.shape[1]) channels and the weight expects \(weight.shape[1])")
        }
        if let bias, bias.shape != Shape(weight.shape[0]) {
            throw .shapeMismatch(
                operation: "conv2d", weight.shape, bias.shape, detail: "the bias needs one value per output channel")
        }
        guard geometry.stride >= 1, geometry.padding >= 0 else {
            throw .invalidArgument(
                operation: "conv2d", detail: "stride \(geometry.stride) must be ≥ 1 and padding \(geometry.padding) ≥ 0"
            )
        }
        guard x.shape[0] > 0 else { throw .emptyBatch(operation: "conv2d") }
        let (batch, channels, height, width) = (x.shape[0], x.shape[1], x.shape[2], x.shape[3])
        let (outChannels, kh, kw) = (weight.shape[0], weight.shape[2], weight.shape[3])
        let paddedH = height + 2 * geometry.padding, paddedW = width + 2 * geometry.padding
        guard kh >= 1, kw >= 1, paddedH >= kh, paddedW >= kw else {
            throw .shapeMismatch(
                operation: "conv2d", x.shape, weight.shape, detail: "the kernel is larger than the padded input")
        }
        let oh = (paddedH - kh) / geometry.stride + 1, ow = (paddedW - kw) / geometry.stride + 1
        let positions = oh * ow, patch = channels * kh * kw
        let columns = scratch(patch * batch * positions)
        let (tensor, y) = output(
            Shape(batch, outChannels, oh, ow),
            .conv2d(x.id, weight: weight.id, bias: bias?.id ?? -1, geometry, columns: columns),
            inputs: x.id, weight.id, bias?.id ?? -1)
        let v = values(x.id), w = gemmOperand(weight.id)
        let ld = batch * positions
        for n in 0..<batch {
            Tape.imageToColumns(
                v + n * channels * height * width, channels: channels, height: height, width: width,
                kh: kh, kw: kw, geometry: geometry, oh: oh, ow: ow, into: columns + n * positions, ld: ld)
        }
        // [O, N·P] = W [O, patch] · columns [patch, N·P], then each image's [O, P] block
        // to its place in [N, O, P], with the bias.
        let product = scratch(outChannels * ld)
        gemm(
            transposeA: false, transposeB: false, m: outChannels, n: ld, k: patch,
            a: w, lda: patch, b: columns, ldb: ld, beta: 0, c: product, ldc: ld)
        let b = bias.map { values($0.id) }
        for n in 0..<batch {
            for o in 0..<outChannels {
                let from = product + o * ld + n * positions, to = y + (n * outChannels + o) * positions
                if let b {
                    let shift = b[o]
                    for p in 0..<positions { to[p] = from[p] + shift }
                } else {
                    to.update(from: from, count: positions)
                }
            }
        }
        return tensor
    }

    /// Unrolls one image's receptive fields: row (c, i, j) of the patch, column (r, s)
    /// of the output position, padding read as 0.
    static func imageToColumns(
        _ image: UnsafePointer<Float>, channels: Int, height: Int, width: Int, kh: Int, kw: Int,
        geometry: ConvolutionGeometry, oh: Int, ow: Int,
        into columns: UnsafeMutablePointer<Float>, ld: Int
    ) {
        let (s, pad) = (geometry.stride, geometry.padding)
        for c in 0..<channels {
            for i in 0..<kh {
                for j in 0..<kw {
                    let row = columns + ((c * kh + i) * kw + j) * ld
                    // Output columns q whose input column q·s − pad + j is inside the image.
                    let first = min(ow, max(0, (pad - j + s - 1) / s))
                    let end = max(first, min(ow, (width - 1 + pad - j) / s + 1))
                    for r in 0..<oh {
                        let h = r * s - pad + i
                        let out = row + r * ow
                        guard h >= 0 && h < height else {
                            out.initialize(repeating: 0, count: ow)
                            continue
                        }
                        let line = image + (c * height + h) * width
                        out.initialize(repeating: 0, count: first)
                        if s == 1 {
                            (out + first).update(from: line + first - pad + j, count: end - first)
                        } else {
                            for q in first..<end { out[q] = line[q * s - pad + j] }
                        }
                        (out + end).initialize(repeating: 0, count: ow - end)
                    }
                }
            }
        }
    }

    /// Adds unrolled columns back onto an image's gradient (the adjoint of imageToColumns).
    static func columnsToImage(
        _ columns: UnsafePointer<Float>, ld: Int, channels: Int, height: Int, width: Int,
        kh: Int, kw: Int, geometry: ConvolutionGeometry, oh: Int, ow: Int,
        into image: UnsafeMutablePointer<Float>
    ) {
        let (s, pad) = (geometry.stride, geometry.padding)
        for c in 0..<channels {
            for i in 0..<kh {
                for j in 0..<kw {
                    let row = columns + ((c * kh + i) * kw + j) * ld
                    let first = min(ow, max(0, (pad - j + s - 1) / s))
                    let end = max(first, min(ow, (width - 1 + pad - j) / s + 1))
                    for r in 0..<oh {
                        let h = r * s - pad + i
                        guard h >= 0 && h < height else { continue }
                        let line = image + (c * height + h) * width
                        let from = row + r * ow
                        if s == 1 {
                            let to = line + first - pad + j
                            for q in 0..<(end - first) { to[q] += from[first + q] }
                        } else {
                            for q in first..<end { line[q * s - pad + j] += from[q] }
                        }
                    }
                }
            }
        }
    }

    func backwardConvolution(
        _ x: Int, _ weight: Int, _ bias: Int, _ geometry: ConvolutionGeometry,
        _ columns: UnsafeMutablePointer<Float>, _ node: Node, _ g: UnsafeMutablePointer<Float>
    ) {
        let xs = nodes[x].shape, ws = nodes[weight].shape
        let (batch, channels, height, width) = (xs[0], xs[1], xs[2], xs[3])
        let (outChannels, kh, kw) = (ws[0], ws[2], ws[3])
        let (oh, ow) = (node.shape[2], node.shape[3])
        let positions = oh * ow, patch = channels * kh * kw, ld = batch * positions
        // The output's gradient as [O, N·P], the layout of the forward GEMM's product.
        let gathered = scratch(outChannels * ld)
        for n in 0..<batch {
            for o in 0..<outChannels {
                (gathered + o * ld + n * positions).update(
                    from: g + (n * outChannels + o) * positions, count: positions)
            }
        }
        if let (gw, beta) = inputGradientForGemm(weight) {
            gemm(
                transposeA: false, transposeB: true, m: outChannels, n: patch, k: ld,
                a: gathered, lda: ld, b: columns, ldb: ld, beta: beta, c: gw, ldc: patch)
        }
        if bias >= 0, let gb = inputGradient(bias) {
            for o in 0..<outChannels {
                let row = gathered + o * ld
                var total: Float = 0
                for p in 0..<ld { total += row[p] }
                gb[o] += total
            }
        }
        if let gx = inputGradient(x) {
            // The columns' gradient [patch, N·P], folded back onto each image.
            let w = gemmOperand(weight)
            let unrolled = scratch(patch * ld)
            gemm(
                transposeA: true, transposeB: false, m: patch, n: ld, k: outChannels,
                a: w, lda: patch, b: gathered, ldb: ld, beta: 0, c: unrolled, ldc: ld)
            for n in 0..<batch {
                Tape.columnsToImage(
                    unrolled + n * positions, ld: ld, channels: channels, height: height, width: width, kh: kh, kw: kw,
                    geometry: geometry, oh: oh, ow: ow, into: gx + n * channels * height * width)
            }
        }
    }
}
