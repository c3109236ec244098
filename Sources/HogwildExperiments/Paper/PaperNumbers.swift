/// The paper's Table 2 (Niu, Recht, Ré, Wright 2011): seconds for 20 epochs on 10
/// cores of a dual 6-core Xeon, C++; ρ and Δ of the real data sets.
public struct PaperRow: Sendable, Codable, Equatable {
    public var problem: String
    public var data: SyntheticData
    public var kind: WorkloadSpec.Kind
    public var rho: Double
    public var delta: Double
    public var hogwildSeconds: Double
    /// "train / test" as printed (errors for SVM and MC, the cut for cuts).
    public var quality: String
    public var roundRobinSeconds: Double?

    public var ratio: Double? { roundRobinSeconds.map { $0 / hogwildSeconds } }
}

public enum PaperNumbers {
    public static let table2: [PaperRow] = [
        PaperRow(
            problem: "SVM RCV1", data: .rcv1, kind: .svm, rho: 0.44, delta: 1.0, hogwildSeconds: 9.5,
            quality: "0.297 / 0.339", roundRobinSeconds: 61.8),
        PaperRow(
            problem: "MC Netflix", data: .netflix, kind: .mc, rho: 2.5e-3, delta: 2.3e-3, hogwildSeconds: 301.0,
            quality: "0.754 / 0.928", roundRobinSeconds: 2569.1),
        PaperRow(
            problem: "MC KDD", data: .kdd, kind: .mc, rho: 3.0e-3, delta: 1.8e-3, hogwildSeconds: 877.5,
            quality: "19.5 / 22.6", roundRobinSeconds: 7139.0),
        PaperRow(
            problem: "MC Jumbo", data: .jumbo, kind: .mc, rho: 2.6e-7, delta: 1.4e-7, hogwildSeconds: 9453.5,
            quality: "0.031 / 0.013", roundRobinSeconds: nil),
        PaperRow(
            problem: "Cut DBLife", data: .dblife, kind: .cuts, rho: 8.6e-3, delta: 4.3e-3, hogwildSeconds: 230.0,
            quality: "10.6", roundRobinSeconds: 413.5),
        PaperRow(
            problem: "Cut Abdomen", data: .abdomen, kind: .cuts, rho: 9.2e-4, delta: 9.2e-4, hogwildSeconds: 1181.4,
            quality: "3.99", roundRobinSeconds: 7467.25),
    ]

    /// The paper's speedup headlines, quoted beside ours in the figures' notes.
    public static let headlines: [SyntheticData: String] = [
        .rcv1: "≈ 3× at 10 threads; RR slower than serial",
        .abdomen: "> 4× at 10 threads; RR 2× slower than serial",
        .dblife: "9× at 10 threads vs 5× for RR",
        .netflix: "near-linear", .kdd: "near-linear", .jumbo: "near-linear",
    ]
}
