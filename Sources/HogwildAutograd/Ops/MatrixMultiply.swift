extension Tape {
    /// op(a)·op(b) for matrices, op(m) = mᵀ when the flag is set: a is M×K (K×M
    /// transposed), b is K×N (N×K transposed), the result M×N. A linear layer with
    /// PyTorch's weight layout [out, in] is `matmul(x, w, transposeB: true)`.
    ///
    /// Runs on the packed, register-blocked GEMM (AVX2/FMA where the CPU has it).
    public func matmul(
        _ a: Tensor, _ b: Tensor, transposeA: Bool = false, transposeB: Bool = false
    )
        throws(AutogradError) -> Tensor
    {
        guard a.shape.rank == 2 else {
            throw .invalidShape(operation: "matmul", a.shape, detail: "the left operand must be a matrix")
        }
        guard b.shape.rank == 2 else {
            throw .invalidShape(operation: "matmul", b.shape, detail: "the right operand must be a matrix")
        }
        let m = transposeA ? a.shape[1] : a.shape[0], k = transposeA ? a.shape[0] : a.shape[1]
        let k2 = transposeB ? b.shape[1] : b.shape[0], n = transposeB ? b.shape[0] : b.shape[1]
        guard k == k2 else {
            throw .shapeMismatch(operation: "matmul", a.shape, b.shape, detail: "inner extents \(k) and \(k2)")
        }
        guard m > 0 else { throw .emptyBatch(operation: "matmul") }
        let (tensor, c) = output(
            Shape(m, n), .matmul(a.id, b.id, transposeA: transposeA, transposeB: transposeB),
            inputs: a.id, b.id)
        gemm(
            transposeA: transposeA, transposeB: transposeB, m: m, n: n, k: k,
            a: gemmOperand(a.id), lda: a.shape[1], b: gemmOperand(b.id), ldb: b.shape[1], beta: 0, c: c, ldc: n)
        return tensor
    }

    func backwardMatmul(_ a: Int, _ b: Int, _ ta: Bool, _ tb: Bool, _ node: Node, _ g: UnsafeMutablePointer<Float>) {
        let va = gemmOperand(a), vb = gemmOperand(b)
        let sa = nodes[a].shape, sb = nodes[b].shape
        let m = node.shape[0], n = node.shape[1], k = ta ? sa[0] : sa[1]
        if let (ga, beta) = inputGradientForGemm(a) {
            switch (ta, tb) {
            case (false, false):  // dA = g·Bᵀ
                gemm(
                    transposeA: false, transposeB: true, m: m, n: k, k: n, a: g, lda: n, b: vb, ldb: sb[1], beta: beta,
                    c: ga, ldc: k)
            case (true, false):  // dA (K×M) = B·gᵀ
                gemm(
                    transposeA: false, transposeB: true, m: k, n: m, k: n, a: vb, lda: sb[1], b: g, ldb: n, beta: beta,
                    c: ga, ldc: m)
            case (false, true):  // dA = g·B
                gemm(
                    transposeA: false, transposeB: false, m: m, n: k, k: n, a: g, lda: n, b: vb, ldb: sb[1], beta: beta,
                    c: ga, ldc: k)
            case (true, true):  // dA (K×M) = Bᵀ·gᵀ
                gemm(
                    transposeA: true, transposeB: true, m: k, n: m, k: n, a: vb, lda: sb[1], b: g, ldb: n, beta: beta,
                    c: ga, ldc: m)
            }
        }
        if let (gb, beta) = inputGradientForGemm(b) {
            switch (ta, tb) {
            case (false, false):  // dB = Aᵀ·g
                gemm(
                    transposeA: true, transposeB: false, m: k, n: n, k: m, a: va, lda: sa[1], b: g, ldb: n, beta: beta,
                    c: gb, ldc: n)
            case (true, false):  // dB = A·g
                gemm(
                    transposeA: false, transposeB: false, m: k, n: n, k: m, a: va, lda: sa[1], b: g, ldb: n, beta: beta,
                    c: gb, ldc: n)
            case (false, true):  // dB (N×K) = gᵀ·A
                gemm(
                    transposeA: true, transposeB: false, m: n, n: k, k: m, a: g, lda: n, b: va, ldb: sa[1], beta: beta,
                    c: gb, ldc: k)
            case (true, true):  // dB (N×K) = gᵀ·Aᵀ
                gemm(
                    transposeA: true, transposeB: true, m: n, n: k, k: m, a: g, lda: n, b: va, ldb: sa[1], beta: beta,
                    c: gb, ldc: k)
            }
        }
    }
}
