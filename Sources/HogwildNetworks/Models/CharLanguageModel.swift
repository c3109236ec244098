import HogwildAutograd
import HogwildCore
import HogwildPlatform
import HogwildSupport

/// A character-level language model: embedding, a recurrent layer (LSTM, GRU or RNN)
/// over windows of `sequenceLength` characters, and a linear layer to next-character
/// scores; trained with cross-entropy on every position of every window.
///
/// A term is a minibatch of `batchSize` windows spread over the corpus (window b of
/// term t starts at (b·terms + t)·T), each starting from a zero state — truncated
/// backpropagation through time with the window as the truncation.
///
/// ```swift
/// let corpus = try CharacterCorpus(bytes: bytes)
/// let model = try CharLanguageModel(corpus: corpus, cell: .lstm, hidden: 128)
/// // … train with NetworkObjective(model) …
/// print(try model.heldOutBits(parameters: x.copyOut()))   // bits per character
/// print(try model.sample(length: 200, parameters: x.copyOut(), seed: 7))
/// ```
public struct CharLanguageModel: DifferentiableModel {
    public let corpus: CharacterCorpus
    /// The parts, bound in this order as `embedding.weight`, `recurrent.…`, `output.…`.
    public private(set) var embedding: Embedding
    public private(set) var recurrent: any Layer
    public private(set) var output: Linear
    public let sequenceLength: Int, batchSize: Int
    public let parameterTensors: [NamedTensor]

    public init(
        corpus: CharacterCorpus, cell: RecurrentCell, hidden: Int = 128, embedding width: Int = 32,
        sequenceLength: Int = 64, batchSize: Int = 32
    ) throws(AutogradError) {
        guard hidden >= 1, width >= 1, sequenceLength >= 1, batchSize >= 1 else {
            throw .invalidArgument(
                operation: "CharLanguageModel", detail: "hidden, embedding, sequence length and batch must be ≥ 1")
        }
        guard corpus.train.count > sequenceLength * batchSize, corpus.heldOut.count > sequenceLength else {
            throw .invalidArgument(
                operation: "CharLanguageModel",
                detail:
                    "the corpus (\(corpus.train.count) training, \(corpus.heldOut.count) held-out characters) is too "
                    + "short for \(batchSize) windows of \(sequenceLength)"
            )
        }
        self.corpus = corpus
        var embedding = Embedding(corpus.vocabulary.count, width)
        var recurrent = cell.layer(width, hidden, returnSequences: true)
        var output = Linear(hidden, corpus.vocabulary.count)
        var binder = ParameterBinder()
        binder.scope("embedding") { embedding.bind(&$0) }
        binder.scope("recurrent") { recurrent.bind(&$0) }
        binder.scope("output") { output.bind(&$0) }
        (self.embedding, self.recurrent, self.output) = (embedding, recurrent, output)
        parameterTensors = binder.tensors
        self.sequenceLength = sequenceLength
        self.batchSize = batchSize
    }

    /// The architecture, as saved files record it.
    public var description: String {
        "CharLanguageModel(\(embedding), \(recurrent), \(output), window \(sequenceLength))"
    }

    var windowCount: Int { (corpus.train.count - 1) / sequenceLength }
    public var termCount: Int { max(1, windowCount / batchSize) }
    public var sampleCount: Int { termCount * batchSize * sequenceLength }
    public var parameterCount: Int { parameterTensors.reduce(0) { $0 + $1.count } }

    public func initialParameters(seed: UInt64) -> [Float] {
        var random = Xoshiro256(seed: seed)
        var parameters = [Float](repeating: 0, count: parameterCount)
        embedding.initialize(&parameters, random: &random)
        recurrent.initialize(&parameters, random: &random)
        output.initialize(&parameters, random: &random)
        return parameters
    }

    public func loss(term: Int, tape: Tape, random: inout Xoshiro256, training: Bool) throws(AutogradError) -> Tensor {
        try corpus.train.withUnsafeBufferPointer { (text) throws(AutogradError) in
            try windowLoss(
                text, windows: batchSize, start: { b in (b * termCount + term) * sequenceLength },
                tape: tape, random: &random, training: training)
        }
    }

    /// Mean next-character cross-entropy (nats) of `windows` windows of `text`, window b
    /// starting at `start(b)` (a closure, so a training step allocates no array of starts).
    func windowLoss(
        _ text: UnsafeBufferPointer<Int32>, windows b: Int, start: (Int) -> Int, tape: Tape,
        random: inout Xoshiro256, training: Bool
    ) throws(AutogradError) -> Tensor {
        let t = sequenceLength
        let inputs = tape.labels(b * t), targets = tape.labels(b * t)
        for row in 0..<b {
            let start = start(row)
            for k in 0..<t {
                inputs[row * t + k] = text[start + k]
                targets[row * t + k] = text[start + k + 1]
            }
        }
        let logits = try logits(UnsafeBufferPointer(inputs), batch: b, tape: tape, random: &random, training: training)
        return try tape.crossEntropy(logits: logits, labels: UnsafeBufferPointer(targets))
    }

    /// Next-character scores [batch·T, vocabulary] for `ids` (batch rows of T ids).
    func logits(
        _ ids: UnsafeBufferPointer<Int32>, batch: Int, tape: Tape, random: inout Xoshiro256,
        training: Bool
    ) throws(AutogradError) -> Tensor {
        var pass = ForwardPass(tape: tape, random: random, training: training)
        defer { random = pass.random }
        let steps = ids.count / batch
        let vectors = try tape.reshape(embedding(ids, &pass), Shape(batch, steps, embedding.width))
        let states = try recurrent(vectors, &pass)
        let hidden = states.shape[2]
        return try output(tape.reshape(states, Shape(batch * steps, hidden)), &pass)
    }

    /// Mean next-character cross-entropy of the held-out text, in bits per character,
    /// its minibatches of windows spread over the machine's cores.
    public func heldOutBits(parameters: [Float]) throws(AutogradError) -> Double {
        let windows = (corpus.heldOut.count - 1) / sequenceLength
        let batches = (windows + batchSize - 1) / batchSize
        let sums = try corpus.heldOut.withUnsafeBufferPointer { (text) throws(AutogradError) -> [Double] in
            let text = UncheckedSendable(text)  // read only, while `parallel` runs
            return try Inference.parallel(count: batches, parameters: parameters) {
                (tape, batch) throws(AutogradError) -> Double in
                let first = batch * batchSize, count = min(windows, first + batchSize) - first
                var random = Xoshiro256(seed: 0)
                let loss = try windowLoss(
                    text.value, windows: count, start: { (first + $0) * sequenceLength }, tape: tape,
                    random: &random, training: false)
                return Double(tape.scalar(loss)) * Double(count)
            }
        }
        return sums.reduce(0, +) / Double(windows) / log(2)
    }

    /// `length` generated characters after `prompt` (default: the held-out text's first
    /// window), each drawn from the model's next-character distribution sharpened by
    /// `temperature`, with the last `sequenceLength` characters as context.
    public func sample(
        length: Int, prompt: String? = nil, temperature: Float = 0.8, parameters: [Float],
        seed: UInt64
    ) throws(AutogradError) -> String {
        var context = prompt.flatMap { corpus.ids($0) } ?? Array(corpus.heldOut.prefix(sequenceLength))
        if context.isEmpty { context = [corpus.heldOut[0]] }
        let inference = Inference(parameters: parameters)
        var random = Xoshiro256(seed: seed)
        var generated: [Int32] = []
        let v = corpus.vocabulary.count
        for _ in 0..<length {
            let window = Array(context.suffix(sequenceLength))
            let next = try window.withUnsafeBufferPointer { (ids) throws(AutogradError) in
                try inference.run { (tape) throws(AutogradError) in
                    let scores = tape.value(try logits(ids, batch: 1, tape: tape, random: &random, training: false))
                    let last = (window.count - 1) * v
                    var maximum = -Float.infinity
                    for c in 0..<v { maximum = max(maximum, scores[last + c]) }
                    var weights = [Double](repeating: 0, count: v)
                    for c in 0..<v { weights[c] = exp(Double((scores[last + c] - maximum) / temperature)) }
                    var u = random.nextUnitDouble() * weights.reduce(0, +)
                    for c in 0..<v {
                        u -= weights[c]
                        if u <= 0 { return Int32(c) }
                    }
                    return Int32(v - 1)
                }
            }
            generated.append(next)
            context.append(next)
        }
        return corpus.text(generated)
    }
}
