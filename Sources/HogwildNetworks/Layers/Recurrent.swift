import HogwildAutograd
import HogwildSupport

/// The recurrence of a ``RNN``, ``LSTM`` or ``GRU`` layer.
public enum RecurrentCell: String, Sendable, Hashable, Codable, CaseIterable {
    case rnn, lstm, gru

    /// Gate blocks stacked in the weight matrices (PyTorch's order: LSTM i, f, g, o; GRU r, z, n).
    var gates: Int {
        switch self {
        case .rnn: return 1
        case .lstm: return 4
        case .gru: return 3
        }
    }
}

/// What the three recurrent layers share: PyTorch's parameter layout and names
/// (`weight_ih_l0` [g·H, F], `weight_hh_l0` [g·H, H], `bias_ih_l0` [g·H], `bias_hh_l0`
/// [g·H]), its initialisation (uniform ±1/√H), and the unrolled forward pass over a
/// [batch, time, features] input starting from a zero state.
///
/// The input projection of every time step is one GEMM ([batch·time, F] × W_ihᵀ) before
/// the loop; each step then adds one [batch, H] × W_hhᵀ product. Backpropagation runs
/// through the whole unrolled sequence, or, with `truncation` k, through at most k
/// steps: the state is detached (copied as a constant) every k steps.
public struct RecurrentCore: Sendable, Hashable {
    public let cell: RecurrentCell
    public let inputs: Int, hidden: Int
    /// Whether the layer returns every step's state ([b, T, H]) or only the last ([b, H]).
    public let returnSequences: Bool
    public let truncation: Int?
    /// W_ih, W_hh, b_ih, b_hh.
    var tensors: [NamedTensor] = []

    init(cell: RecurrentCell, inputs: Int, hidden: Int, returnSequences: Bool, truncation: Int?) {
        self.cell = cell
        self.inputs = inputs
        self.hidden = hidden
        self.returnSequences = returnSequences
        self.truncation = truncation
        var binder = ParameterBinder()
        bind(&binder)
    }

    var description: String {
        let name = cell == .rnn ? "RNN" : cell.rawValue.uppercased()
        return "\(name)(\(inputs), \(hidden)" + (returnSequences ? ", sequences" : "")
            + (truncation.map { ", truncation: \($0)" } ?? "") + ")"
    }

    mutating func bind(_ binder: inout ParameterBinder) {
        let g = cell.gates * hidden
        tensors = [
            binder.tensor("weight_ih_l0", Shape(g, inputs)), binder.tensor("weight_hh_l0", Shape(g, hidden)),
            binder.tensor("bias_ih_l0", Shape(g)), binder.tensor("bias_hh_l0", Shape(g)),
        ]
    }

    func initialize(_ values: inout [Float], random: inout Xoshiro256) {
        let bound = 1 / Float(hidden).squareRoot()
        for tensor in tensors {
            for j in tensor.range { values[j] = (random.nextUnitFloat() * 2 - 1) * bound }
        }
    }

    func run(_ x: Tensor, _ pass: inout ForwardPass) throws(AutogradError) -> Tensor {
        let tape = pass.tape
        let g = cell.gates * hidden
        let wih = try pass.parameter(tensors[0]), whh = try pass.parameter(tensors[1])
        let bih = try pass.parameter(tensors[2]), bhh = try pass.parameter(tensors[3])
        guard x.shape.rank == 3, x.shape[2] == inputs else {
            throw .shapeMismatch(
                operation: description, x.shape, Shape(x.shape[0], x.shape.rank > 1 ? x.shape[1] : 1, inputs),
                detail: "expects [batch, time, \(inputs)]")
        }
        let batch = x.shape[0], steps = x.shape[1]
        guard steps > 0 else { throw .emptyBatch(operation: description) }
        let projected = try tape.add(
            tape.matmul(tape.reshape(x, Shape(batch * steps, inputs)), wih, transposeB: true), bih)
        let byStep = try tape.reshape(projected, Shape(batch, steps, g))
        var h: Tensor? = nil, c: Tensor? = nil
        var outputs: [Tensor] = []
        if returnSequences { outputs.reserveCapacity(steps) }
        for t in 0..<steps {
            if let k = truncation, t > 0, t % k == 0 {
                h = try h.map { (v) throws(AutogradError) in try detach(v, tape) }
                c = try c.map { (v) throws(AutogradError) in try detach(v, tape) }
            }
            let xt = try tape.reshape(tape.slice(byStep, axis: 1, t..<t + 1), Shape(batch, g))
            // The recurrent term; from the zero state it is the bias alone (broadcast).
            let hw =
                try h.map { (h) throws(AutogradError) in try tape.add(tape.matmul(h, whh, transposeB: true), bhh) }
                ?? bhh
            switch cell {
            case .rnn:
                h = try tape.tanh(tape.add(xt, hw))
            case .lstm:
                let z = try tape.add(xt, hw)
                let i = try tape.sigmoid(gate(z, 0, tape)), f = try tape.sigmoid(gate(z, 1, tape))
                let candidate = try tape.tanh(gate(z, 2, tape)), o = try tape.sigmoid(gate(z, 3, tape))
                let fresh = try tape.multiply(i, candidate)
                let cell = try c.map { (c) throws(AutogradError) in try tape.add(tape.multiply(f, c), fresh) } ?? fresh
                c = cell
                h = try tape.multiply(o, tape.tanh(cell))
            case .gru:
                let r = try tape.sigmoid(tape.add(gate(xt, 0, tape), gate(hw, 0, tape)))
                let z = try tape.sigmoid(tape.add(gate(xt, 1, tape), gate(hw, 1, tape)))
                let n = try tape.tanh(tape.add(gate(xt, 2, tape), tape.multiply(r, gate(hw, 2, tape))))
                // h' = (1 − z)·n + z·h = n + z·(h − n); from the zero state n − z·n.
                if let previous = h {
                    h = try tape.add(n, tape.multiply(z, tape.subtract(previous, n)))
                } else {
                    h = try tape.subtract(n, tape.multiply(z, n))
                }
            }
            if returnSequences { outputs.append(try tape.reshape(h!, Shape(batch, 1, hidden))) }
        }
        return returnSequences ? try stack(outputs, tape) : h!
    }

    /// Gate block `k` along the last axis.
    func gate(_ z: Tensor, _ k: Int, _ tape: Tape) throws(AutogradError) -> Tensor {
        try tape.slice(z, axis: z.shape.rank - 1, k * hidden..<(k + 1) * hidden)
    }

    func detach(_ v: Tensor, _ tape: Tape) throws(AutogradError) -> Tensor {
        try tape.constant(v.shape, UnsafeBufferPointer(tape.value(v)))
    }

    /// [b, 1, H] pieces joined along time, pairwise in a balanced tree (each value is
    /// copied log₂T times, not T/2 times as with a running concat).
    func stack(_ pieces: [Tensor], _ tape: Tape) throws(AutogradError) -> Tensor {
        var level = pieces
        while level.count > 1 {
            var next: [Tensor] = []
            next.reserveCapacity((level.count + 1) / 2)
            var i = 0
            while i + 1 < level.count {
                next.append(try tape.concat(level[i], level[i + 1], axis: 1))
                i += 2
            }
            if i < level.count { next.append(level[i]) }
            level = next
        }
        return level[0]
    }
}

/// A layer whose work is a ``RecurrentCore``: ``RNN``, ``LSTM`` and ``GRU`` differ only
/// in the cell they give it.
public protocol RecurrentLayer: Layer {
    var core: RecurrentCore { get set }
}

extension RecurrentLayer {
    public var parameters: [NamedTensor] { core.tensors }
    public var description: String { core.description }
    public mutating func bind(_ binder: inout ParameterBinder) { core.bind(&binder) }
    public func initialize(_ values: inout [Float], random: inout Xoshiro256) {
        core.initialize(&values, random: &random)
    }
    public func callAsFunction(_ x: Tensor, _ pass: inout ForwardPass) throws(AutogradError) -> Tensor {
        try core.run(x, &pass)
    }
}

/// An Elman recurrent layer, h_t = tanh(W_ih x_t + b_ih + W_hh h_{t−1} + b_hh), over
/// [batch, time, inputs].
///
/// ```swift
/// let rnn = RNN(28, 64)                    // [b, 28, 28] -> [b, 64] (last state)
/// ```
public struct RNN: RecurrentLayer {
    public var core: RecurrentCore
    public init(_ inputs: Int, _ hidden: Int, returnSequences: Bool = false, truncation: Int? = nil) {
        core = RecurrentCore(
            cell: .rnn, inputs: inputs, hidden: hidden, returnSequences: returnSequences, truncation: truncation)
    }
}

/// A long short-term memory layer (PyTorch's equations and gate order i, f, g, o).
///
/// ```swift
/// let lstm = LSTM(32, 128, returnSequences: true)    // [b, T, 32] -> [b, T, 128]
/// ```
public struct LSTM: RecurrentLayer {
    public var core: RecurrentCore
    public init(_ inputs: Int, _ hidden: Int, returnSequences: Bool = false, truncation: Int? = nil) {
        core = RecurrentCore(
            cell: .lstm, inputs: inputs, hidden: hidden, returnSequences: returnSequences, truncation: truncation)
    }
}

/// A gated recurrent unit layer (PyTorch's equations, gate order r, z, n).
///
/// ```swift
/// let gru = GRU(32, 128, returnSequences: true)
/// ```
public struct GRU: RecurrentLayer {
    public var core: RecurrentCore
    public init(_ inputs: Int, _ hidden: Int, returnSequences: Bool = false, truncation: Int? = nil) {
        core = RecurrentCore(
            cell: .gru, inputs: inputs, hidden: hidden, returnSequences: returnSequences, truncation: truncation)
    }
}

extension RecurrentCell {
    /// The layer for this cell.
    public func layer(_ inputs: Int, _ hidden: Int, returnSequences: Bool = false, truncation: Int? = nil) -> any Layer
    {
        switch self {
        case .rnn: return RNN(inputs, hidden, returnSequences: returnSequences, truncation: truncation)
        case .lstm: return LSTM(inputs, hidden, returnSequences: returnSequences, truncation: truncation)
        case .gru: return GRU(inputs, hidden, returnSequences: returnSequences, truncation: truncation)
        }
    }
}
