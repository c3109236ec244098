import Dispatch
import FoundationEssentials
import HogwildAutograd
import HogwildCore
import HogwildSupport

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

    /// `body(tape, i)` for every i in 0..<count, on as many threads as the machine has
    /// cores, each with a tape of its own and the parameters bound read-only; the
    /// results in order. For evaluating a model on many minibatches as fast as it
    /// trains on them.
    ///
    /// ```swift
    /// let losses = try Inference.parallel(count: data.batchCount, parameters: x.copyOut()) { tape, batch in … }
    /// ```
    public static func parallel<T: Sendable>(
        count: Int, parameters: [Float], _ body: (Tape, Int) throws(AutogradError) -> T
    ) throws(AutogradError) -> [T] {
        guard count > 0 else { return [] }
        let lanes = min(count, max(1, ProcessInfo.processInfo.activeProcessorCount))
        var results = [T?](repeating: nil, count: count)
        var failures = [AutogradError?](repeating: nil, count: lanes)
        parameters.withUnsafeBufferPointer { p in
            results.withUnsafeMutableBufferPointer { out in
                failures.withUnsafeMutableBufferPointer { failed in
                    // Lane l writes only results l, l + lanes, … and failure l; the
                    // parameters are only read. concurrentPerform returns when all lanes have.
                    let (out, failed) = (UncheckedSendable(out), UncheckedSendable(failed))
                    let values = UncheckedSendable(UnsafeMutablePointer(mutating: p.baseAddress!)), length = p.count
                    withoutActuallyEscaping(body) { body in
                        let body = UncheckedSendable(body)
                        DispatchQueue.concurrentPerform(iterations: lanes) { lane in
                            let tape = Tape()
                            for i in stride(from: lane, to: count, by: lanes) {
                                tape.reset()
                                tape.bind(values: values.value, gradients: nil, count: length)
                                do throws(AutogradError) {
                                    out.value[i] = try body.value(tape, i)
                                } catch {
                                    failed.value[lane] = error
                                    return
                                }
                            }
                        }
                    }
                }
            }
        }
        if let failure = failures.compactMap({ $0 }).first { throw failure }
        return results.map { $0! }
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
