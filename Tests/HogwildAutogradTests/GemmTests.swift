import CHogwildKernels
import HogwildSupport
import HogwildTestSupport
import Testing

/// The packed GEMM against a plain triple loop in Double, for every transpose, edge
/// sizes around the micro-tiles (6×16, 8×32) and the cache blocks (KC 256, MC 96, NC
/// 2048), B packed and read in place, and beta 0, 1 and other — on every kernel path
/// the CPU has; a path it lacks is skipped, saying so.
@Suite struct GemmTests {
    func reference(
        _ ta: Bool, _ tb: Bool, _ m: Int, _ n: Int, _ k: Int, _ alpha: Float, _ a: [Float], _ lda: Int,
        _ b: [Float], _ ldb: Int, _ beta: Float, _ c: [Float], _ ldc: Int
    ) -> [Float] {
        var out = c
        for i in 0..<m {
            for j in 0..<n {
                var total = 0.0
                for p in 0..<k {
                    let x = ta ? a[p * lda + i] : a[i * lda + p]
                    let y = tb ? b[j * ldb + p] : b[p * ldb + j]
                    total += Double(x) * Double(y)
                }
                let old = beta == 0 ? 0 : Double(beta) * Double(c[i * ldc + j])
                out[i * ldc + j] = Float(Double(alpha) * total + old)
            }
        }
        return out
    }

    func check(_ m: Int, _ n: Int, _ k: Int, alpha: Float = 1, beta: Float = 0, path: KernelPath) {
        var random = Xoshiro256(seed: UInt64(m * 1_000_003 + n * 1009 + k))
        let workspace = UnsafeMutablePointer<Float>.allocate(capacity: hogwild_sgemm_workspace_count())
        defer { workspace.deallocate() }
        for (ta, tb) in [(false, false), (true, false), (false, true), (true, true)] {
            // Row strides wider than the matrices, so stride handling is exercised.
            let lda = (ta ? m : k) + 3, ldb = (tb ? k : n) + 1, ldc = n + 2
            let a = (0..<((ta ? k : m) * lda)).map { _ in Float(random.nextUnitDouble() * 2 - 1) }
            let b = (0..<((tb ? n : k) * ldb)).map { _ in Float(random.nextUnitDouble() * 2 - 1) }
            // beta 0 must not read C: NaN there must not leak into the result.
            let c = (0..<(m * ldc)).map { _ in beta == 0 ? Float.nan : Float(random.nextUnitDouble()) }
            let expected = reference(ta, tb, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc)
            var got = c
            path.run {
                got.withUnsafeMutableBufferPointer { out in
                    hogwild_sgemm(
                        ta ? 1 : 0, tb ? 1 : 0, m, n, k, alpha, a, lda, b, ldb, beta, out.baseAddress!, ldc, workspace)
                }
            }
            var worst: Float = 0
            for i in 0..<m { for j in 0..<n { worst = max(worst, abs(got[i * ldc + j] - expected[i * ldc + j])) } }
            // Padding columns of C beyond n are untouched.
            let untouched = (0..<m).allSatisfy { i in
                (n..<ldc).allSatisfy { j in got[i * ldc + j].bitPattern == c[i * ldc + j].bitPattern }
            }
            #expect(
                worst <= 1e-4 * Float(max(k, 1)).squareRoot() * 4 && untouched,
                "\(m)×\(n)×\(k) ta \(ta) tb \(tb) alpha \(alpha) beta \(beta) \(path): error \(worst)")
        }
    }

    func matchesTheReference(on path: KernelPath) {
        for (m, n, k) in [
            (1, 1, 1), (5, 1, 7), (6, 16, 1), (7, 17, 3), (8, 32, 9), (9, 33, 17), (13, 33, 257), (97, 20, 30),
            (64, 10, 128), (12, 2050, 5), (20, 330, 250), (25, 70, 10), (100, 100, 600),
        ] {
            check(m, n, k, path: path)
        }
        check(30, 40, 50, alpha: -0.5, beta: 1, path: path)
        check(30, 40, 300, alpha: 2, beta: 0.25, path: path)
        check(3, 40, 300, alpha: 2, beta: 0.25, path: path)
    }

    @Test func thePortablePathMatchesTheReference() { matchesTheReference(on: .portable) }

    @Test(.enabled(if: KernelPath.avx2.isAvailable, "this CPU (or its operating system) has no AVX2/FMA"))
    func theAVX2PathMatchesTheReference() { matchesTheReference(on: .avx2) }

    @Test(.enabled(if: KernelPath.avx512.isAvailable, "this CPU (or its operating system) has no AVX-512F"))
    func theAVX512PathMatchesTheReference() { matchesTheReference(on: .avx512) }

    @Test func namesTheKernelItRuns() {
        let best = KernelPath.allCases.last { $0.isAvailable }!
        let names: [KernelPath: String] = [.portable: "portable 6x16", .avx2: "avx2-fma 6x16", .avx512: "avx512 8x32"]
        #expect(String(cString: hogwild_sgemm_kernel_name()) == names[best])
        for path in KernelPath.allCases where path.isAvailable {
            path.run { #expect(String(cString: hogwild_sgemm_kernel_name()) == names[path]) }
        }
    }

    @Test func zeroInnerDimensionScalesC() {
        let workspace = UnsafeMutablePointer<Float>.allocate(capacity: hogwild_sgemm_workspace_count())
        defer { workspace.deallocate() }
        var c: [Float] = [1, 2, 3, 4]
        let none: [Float] = [0]
        c.withUnsafeMutableBufferPointer {
            hogwild_sgemm(0, 0, 2, 2, 0, 1, none, 1, none, 2, 0.5, $0.baseAddress!, 2, workspace)
        }
        #expect(c == [0.5, 1, 1.5, 2])
    }
}
