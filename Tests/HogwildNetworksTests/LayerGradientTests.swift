import HogwildAutograd
import HogwildCore
import HogwildNetworks
import HogwildSupport
import HogwildTestSupport
import Testing

/// A layer on a fixed input with loss Σ rᵢ·outᵢ (r fixed), as an objective: its
/// parameter gradient is checked against central differences of that loss.
struct LayerProbe: DifferentiableModel {
    let layer: any Layer
    let input: [Float]
    let inputShape: Shape
    let direction: [Float]

    init(_ layer: any Layer, input inputShape: Shape, outputCount: Int, seed: UInt64 = 3) {
        self.layer = layer
        self.inputShape = inputShape
        var random = Xoshiro256(seed: seed)
        input = (0..<inputShape.count).map { _ in random.nextUnitFloat() * 2 - 1 }
        direction = (0..<outputCount).map { _ in random.nextUnitFloat() * 2 - 1 }
    }

    var parameterCount: Int { layer.parameterCount }
    var termCount: Int { 1 }
    var sampleCount: Int { 1 }
    func initialParameters(seed: UInt64) -> [Float] { layer.initialParameters(seed: seed) }

    func loss(term: Int, tape: Tape, random: inout Xoshiro256, training: Bool) throws(AutogradError) -> Tensor {
        var pass = ForwardPass(tape: tape, random: random, training: false)
        let y = try layer(tape.constant(inputShape, input), &pass)
        guard y.count == direction.count else { throw .invalidArgument(operation: "probe", detail: "output \(y.shape)") }
        return try tape.sum(tape.multiply(y, tape.constant(y.shape, direction)))
    }
}

@Suite struct LayerGradientTests {
    static let cases: [(String, any Layer, Shape, Int)] = [
        ("linear", Linear(5, 3), Shape(2, 5), 6),
        ("conv", Conv2D(2, 3, kernel: 3, padding: 1), Shape(2, 2, 5, 5), 2 * 3 * 25),
        ("cnn block", Sequential(Conv2D(1, 2, kernel: 3), MaxPool2D(2), ReLU(), Flatten(), Linear(8, 3)), Shape(2, 1, 6, 6), 6),
        ("rnn last", RNN(3, 4), Shape(2, 5, 3), 8),
        ("lstm last", LSTM(3, 4), Shape(2, 5, 3), 8),
        ("lstm sequences", LSTM(3, 4, returnSequences: true), Shape(2, 5, 3), 40),
        ("gru sequences", GRU(3, 4, returnSequences: true), Shape(2, 5, 3), 40),
        ("gru last", GRU(3, 4), Shape(1, 3, 3), 4),
        ("mlp", Sequential(Flatten(), Linear(6, 4), Tanh(), Linear(4, 2), Sigmoid()), Shape(3, 1, 2, 3), 6),
    ]

    @Test(arguments: 0..<cases.count)
    func parameterGradientMatchesCentralDifferences(_ index: Int) throws {
        let (name, layer, shape, outputs) = Self.cases[index]
        let probe = LayerProbe(layer, input: shape, outputCount: outputs)
        let objective = try NetworkObjective(probe)
        let x = try SharedParameters(count: probe.parameterCount)
        try x.copyIn(probe.initialParameters(seed: 5))
        let analytic = termGradient(objective, term: 0, at: x).values
        #expect(analytic.count == probe.parameterCount, "\(name): every parameter gets a gradient")
        var worst = 0.0
        for j in 0..<probe.parameterCount {
            let numeric = centralDifference(objective, term: 0, coordinate: j, x: x, h: 1e-2)
            let a = analytic[j] ?? .nan
            worst = max(worst, abs(a - numeric) / (2e-3 + 2e-2 * max(abs(a), abs(numeric))))
        }
        #expect(worst <= 1, "\(name): worst ratio \(worst)")
    }

    /// Truncated backpropagation drops the gradient that flows back past the cut: the
    /// input weights then get less than the full recurrence gives.
    @Test func truncationCutsTheGradient() throws {
        let full = LayerProbe(LSTM(2, 3), input: Shape(1, 6, 2), outputCount: 3)
        let cut = LayerProbe(LSTM(2, 3, truncation: 2), input: Shape(1, 6, 2), outputCount: 3)
        let x = try SharedParameters(count: full.parameterCount)
        try x.copyIn(full.initialParameters(seed: 5))
        let a = termGradient(try NetworkObjective(full), term: 0, at: x).values
        let b = termGradient(try NetworkObjective(cut), term: 0, at: x).values
        let differing = (0..<full.parameterCount).filter { abs((a[$0] ?? 0) - (b[$0] ?? 0)) > 1e-6 }
        #expect(!differing.isEmpty)
        #expect(b.values.allSatisfy { $0.isFinite })
    }

    @Test func shapeErrorsNameTheLayer() throws {
        let tape = Tape()
        var values = Linear(4, 2).initialParameters(seed: 1)
        values.withUnsafeMutableBufferPointer { v in
            tape.bind(values: v.baseAddress!, gradients: nil, count: v.count)
            var pass = ForwardPass(tape: tape, random: Xoshiro256(seed: 1), training: false)
            #expect(throws: AutogradError.self) { try Linear(4, 2)(tape.constant(Shape(3, 5), [Float](repeating: 0, count: 15)), &pass) }
        }
        do {
            tape.reset()
            var lstm = LSTM(3, 2).initialParameters(seed: 1)
            try lstm.withUnsafeMutableBufferPointer { v in
                tape.bind(values: v.baseAddress!, gradients: nil, count: v.count)
                var pass = ForwardPass(tape: tape, random: Xoshiro256(seed: 1), training: false)
                _ = try LSTM(3, 2)(tape.constant(Shape(2, 4, 5), [Float](repeating: 0, count: 40)), &pass)
            }
            Issue.record("a [2, 4, 5] input to LSTM(3, 2) must be refused")
        } catch let error as AutogradError {
            #expect("\(error)".contains("LSTM(3, 2)"), "\(error)")
        }
    }

    @Test func parameterCountsFollowPyTorch() {
        // torch 2.15: sum(p.numel() for p in nn.LSTM(32, 128).parameters()) == 82944, GRU 62208, RNN 20736.
        #expect(LSTM(32, 128).parameterCount == 82_944)
        #expect(GRU(32, 128).parameterCount == 62_208)
        #expect(RNN(32, 128).parameterCount == 20_736)
        #expect(ModelZoo.cnn().parameterCount == 21_840)         // mnist_hogwild's Net
        #expect(ModelZoo.mlp(hidden: [128]).parameterCount == 101_770)
        #expect(ModelZoo.mlp().initialParameters(seed: 1) == ModelZoo.mlp().initialParameters(seed: 1))
        #expect(ModelZoo.mlp().initialParameters(seed: 1) != ModelZoo.mlp().initialParameters(seed: 2))
    }
}
