import HogwildAutograd
import HogwildCore

/// Runs forward passes with fixed parameters (evaluation, prediction, sampling): one
/// tape, the parameters bound read-only, no gradients.
///
/// ```swift
/// let inference = Inference(parameters: x.copyOut())
/// let value = try inference.run { tape in … }
/// ```
public final class Inference {
    public let tape = Tape()
    var parameters: [Float]

    public init(parameters: [Float]) { self.parameters = parameters }

    /// Calls `body` with the tape reset and the parameters bound; returns what it returns.
    public func run<T>(_ body: (Tape) throws(AutogradError) -> T) throws(AutogradError) -> T {
        try parameters.withUnsafeMutableBufferPointer { (p) throws(AutogradError) -> T in
            tape.reset()
            tape.bind(values: p.baseAddress!, gradients: nil, count: p.count)
            defer { tape.reset() }
            return try body(tape)
        }
    }
}

/// The area under the ROC curve of `scores`, higher meaning "positive": the chance that
/// a random positive scores above a random negative (ties count half).
///
/// ```swift
/// let auc = rocAUC(scores: [0.9, 0.2, 0.7], positive: [true, false, false])   // 1.0
/// ```
public func rocAUC(scores: [Float], positive: [Bool]) -> Double {
    precondition(scores.count == positive.count, "rocAUC: \(scores.count) scores for \(positive.count) labels")
    let order = scores.indices.sorted { scores[$0] < scores[$1] }
    // Mann–Whitney U: the rank sum of the positives, tied scores sharing their mean rank.
    var rankSum = 0.0
    var i = 0
    while i < order.count {
        var j = i
        while j + 1 < order.count, scores[order[j + 1]] == scores[order[i]] { j += 1 }
        let meanRank = Double(i + j + 2) / 2
        for k in i...j where positive[order[k]] { rankSum += meanRank }
        i = j + 1
    }
    let positives = Double(positive.filter { $0 }.count), negatives = Double(positive.count) - positives
    guard positives > 0, negatives > 0 else { return .nan }
    return (rankSum - positives * (positives + 1) / 2) / (positives * negatives)
}
