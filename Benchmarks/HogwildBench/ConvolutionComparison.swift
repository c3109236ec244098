import Foundation
import Hogwild

/// The convolution strategy, measured: im2col + GEMM (what `Tape.conv2d` does) against a
/// direct loop nest over the same memory, forward only, on the CNN's two layers at batch 64.
struct ConvolutionComparison {
    var repeats: Int
    var log: @Sendable (String) -> Void

    struct Layer {
        var name: String
        var input: Shape, weight: Shape
    }
    static let layers = [Layer(name: "conv 1→10 k5, 28×28", input: Shape(64, 1, 28, 28), weight: Shape(10, 1, 5, 5)),
                         Layer(name: "conv 10→20 k5, 12×12", input: Shape(64, 10, 12, 12), weight: Shape(20, 10, 5, 5))]

    /// Seconds per forward pass: (im2col + GEMM, direct).
    func run(median: (Int, () -> Void) -> Double) -> [(String, Double, Double)] {
        var results: [(String, Double, Double)] = []
        for layer in Self.layers {
            var random = Xoshiro256(seed: 1)
            let x = (0..<layer.input.count).map { _ in random.nextUnitFloat() }
            let w = (0..<layer.weight.count).map { _ in random.nextUnitFloat() - 0.5 }
            let tape = Tape()
            let gemm = median(10) {
                tape.reset()
                let input = tape.constant(layer.input, x), weight = tape.constant(layer.weight, w)
                _ = try? tape.conv2d(input, weight: weight)
            }
            let (n, c, h, wd) = (layer.input[0], layer.input[1], layer.input[2], layer.input[3])
            let (o, k) = (layer.weight[0], layer.weight[2])
            let (oh, ow) = (h - k + 1, wd - k + 1)
            let out = UnsafeMutablePointer<Float>.allocate(capacity: n * o * oh * ow)
            defer { out.deallocate() }
            let direct = x.withUnsafeBufferPointer { xs in
                w.withUnsafeBufferPointer { ws in
                    median(10) { Self.direct(xs.baseAddress!, ws.baseAddress!, out, n: n, c: c, h: h, w: wd, o: o, k: k) }
                }
            }
            log(layer.name.padded(to: 22) + String(printf: " im2col+GEMM %8.3f ms   direct %8.3f ms   direct ÷ GEMM time %5.2f×",
                                                    gemm * 1e3, direct * 1e3, direct / gemm))
            results.append((layer.name, gemm, direct))
        }
        return results
    }

    /// out[n][o][r][q] = Σ_c Σ_i Σ_j x[n][c][r+i][q+j]·w[o][c][i][j], stride 1, no padding;
    /// the innermost loop runs along an output row (contiguous, vectorizable).
    static func direct(_ x: UnsafePointer<Float>, _ w: UnsafePointer<Float>, _ out: UnsafeMutablePointer<Float>,
                       n: Int, c: Int, h: Int, w width: Int, o: Int, k: Int) {
        let (oh, ow) = (h - k + 1, width - k + 1)
        out.initialize(repeating: 0, count: n * o * oh * ow)
        for b in 0..<n {
            for f in 0..<o {
                let plane = out + (b * o + f) * oh * ow
                for ch in 0..<c {
                    let image = x + (b * c + ch) * h * width
                    let kernel = w + (f * c + ch) * k * k
                    for i in 0..<k {
                        for j in 0..<k {
                            let weight = kernel[i * k + j]
                            for r in 0..<oh {
                                let src = image + (r + i) * width + j, dst = plane + r * ow
                                for q in 0..<ow { dst[q] += weight * src[q] }
                            }
                        }
                    }
                }
            }
        }
    }
}
