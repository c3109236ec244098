import CHogwildKernels

/// The kernel paths a CPU may run (GEMM, optimizer runs), with the reason a test of one
/// is skipped: `@Test(.enabled(if: KernelPath.avx512.isAvailable, "…"))`, or a loop over
/// `KernelPath.available`.
public enum KernelPath: Int32, CaseIterable, CustomStringConvertible, Sendable {
    case portable = 1, avx2 = 2, avx512 = 3

    public var isAvailable: Bool { hogwild_vector_path_available(rawValue) != 0 }
    public var description: String { ["portable", "AVX2/FMA", "AVX-512"][Int(rawValue) - 1] }

    /// The paths this CPU (and its operating system) can run.
    public static var available: [KernelPath] { allCases.filter(\.isAvailable) }

    /// Runs `body` with this thread's kernels on this path.
    public func run<T>(_ body: () throws -> T) rethrows -> T {
        hogwild_limit_vector_path(rawValue)
        defer { hogwild_limit_vector_path(0) }
        return try body()
    }
}
