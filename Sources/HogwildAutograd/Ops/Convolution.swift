import CHogwildKernels

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
    /// Computed as im2col + GEMM over chunks of the minibatch: a chunk's images'
    /// receptive fields are unrolled into the columns of one [C·KH·KW, n·Ho·Wo] matrix
    /// and one GEMM multiplies the weights by all of them (a GEMM per chunk rather than
    /// per image: the weights are packed once a chunk, and the backward pass's GEMMs get
    /// the chunk as their inner dimension). A chunk's columns fit a core's L2
    /// (``ConvolutionLayout/chunk``); the backward pass unrolls them again rather than
    /// keeping the batch's. (`hogwild-bench --autograd --parts conv` compares it with a
    /// direct loop nest.)
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
        let layout = ConvolutionLayout(
            batch: batch, channels: channels, height: height, width: width, outChannels: outChannels, kh: kh, kw: kw,
            stride: geometry.stride, padding: geometry.padding, oh: oh, ow: ow)
        let (tensor, y) = output(
            Shape(batch, outChannels, oh, ow), .conv2d(x.id, weight: weight.id, bias: bias?.id ?? -1, layout),
            inputs: x.id, weight.id, bias?.id ?? -1)
        let v = values(x.id), w = gemmOperand(weight.id), b = bias.map { values($0.id) }
        let positions = layout.positions, patch = layout.patch
        let columns = scratch(patch * layout.chunk * positions),
            product = scratch(outChannels * layout.chunk * positions)
        for first in stride(from: 0, to: batch, by: layout.chunk) {
            // [O, n·P] = W [O, patch] · columns [patch, n·P] for the chunk's n images,
            // then each image's [O, P] block to its place in [N, O, P], with the bias.
            let n = min(layout.chunk, batch - first), ld = n * positions
            layout.unroll(v, images: first..<first + n, into: columns)
            gemm(
                transposeA: false, transposeB: false, m: outChannels, n: ld, k: patch,
                a: w, lda: patch, b: columns, ldb: ld, beta: 0, c: product, ldc: ld)
            for image in 0..<n {
                for o in 0..<outChannels {
                    let from = product + o * ld + image * positions
                    let to = y + ((first + image) * outChannels + o) * positions
                    let shift = b?[o] ?? 0
                    for p in 0..<positions { to[p] = from[p] + shift }
                }
            }
        }
        return tensor
    }

    func backwardConvolution(
        _ x: Int, _ weight: Int, _ bias: Int, _ layout: ConvolutionLayout, _ node: Node,
        _ g: UnsafeMutablePointer<Float>
    ) {
        let (outChannels, positions, patch) = (layout.outChannels, layout.positions, layout.patch)
        let gw = inputGradientForGemm(weight), gb = bias >= 0 ? inputGradient(bias) : nil, gx = inputGradient(x)
        let v = values(x), w = gemmOperand(weight)
        let gathered = scratch(outChannels * layout.chunk * positions)
        let columns = gw != nil ? scratch(patch * layout.chunk * positions) : gathered
        let unrolled = gx != nil ? scratch(patch * layout.chunk * positions) : gathered
        var beta = gw?.1 ?? 0
        for first in stride(from: 0, to: layout.batch, by: layout.chunk) {
            // The chunk's output gradient as [O, n·P], the layout of the forward GEMM's product.
            let n = min(layout.chunk, layout.batch - first), ld = n * positions
            for image in 0..<n {
                for o in 0..<outChannels {
                    let from = g + ((first + image) * outChannels + o) * positions
                    let to = gathered + o * ld + image * positions
                    for p in 0..<positions { to[p] = from[p] }
                }
            }
            if let (gw, _) = gw {
                // The chunk's columns again (cheaper than keeping the batch's: they stay in cache).
                layout.unroll(v, images: first..<first + n, into: columns)
                gemm(
                    transposeA: false, transposeB: true, m: outChannels, n: patch, k: ld,
                    a: gathered, lda: ld, b: columns, ldb: ld, beta: beta, c: gw, ldc: patch)
                beta = 1
            }
            if let gb {
                for o in 0..<outChannels {
                    let row = gathered + o * ld
                    var total: Float = 0
                    for p in 0..<ld { total += row[p] }
                    gb[o] += total
                }
            }
            if let gx {
                // The columns' gradient [patch, n·P], folded back onto each image.
                gemm(
                    transposeA: true, transposeB: false, m: patch, n: ld, k: outChannels,
                    a: w, lda: patch, b: gathered, ldb: ld, beta: 0, c: unrolled, ldc: ld)
                layout.fold(unrolled, images: first..<first + n, into: gx)
            }
        }
    }
}

/// A convolution's sizes, and the chunks of its minibatch that the forward and backward
/// passes unroll at a time.
@usableFromInline struct ConvolutionLayout {
    let batch, channels, height, width, outChannels, kh, kw, stride, padding, oh, ow: Int
    var positions: Int { oh * ow }
    var patch: Int { channels * kh * kw }

    /// Images per chunk: as many as keep a chunk's columns within ``chunkFloats``, so
    /// the columns, written by im2col and read by the GEMM right after, stay in a core's
    /// L2 instead of streaming the whole batch's (megabytes) through memory twice.
    var chunk: Int { max(1, min(batch, Self.chunkFloats / max(1, patch * positions))) }

    /// 64K floats (256 KiB).
    static let chunkFloats = 65_536

    func unroll(_ images: UnsafePointer<Float>, images range: Range<Int>, into columns: UnsafeMutablePointer<Float>) {
        hogwild_im2col(
            images + range.lowerBound * channels * height * width, Int32(range.count), Int32(channels),
            Int32(height), Int32(width), Int32(kh), Int32(kw), Int32(stride), Int32(padding), Int32(oh), Int32(ow),
            columns)
    }

    func fold(_ columns: UnsafePointer<Float>, images range: Range<Int>, into gradient: UnsafeMutablePointer<Float>) {
        hogwild_col2im(
            columns, Int32(range.count), Int32(channels), Int32(height), Int32(width), Int32(kh), Int32(kw),
            Int32(stride), Int32(padding), Int32(oh), Int32(ow), gradient + range.lowerBound * channels * height * width
        )
    }
}
