import Hogwild
import HogwildCommandLine

/// `--optimizer` (or `--optimizers` for comparisons) and the hyperparameters that go
/// with it; a hyperparameter the chosen optimizer does not have is refused.
enum OptimizerOptions {
    static let help = """
      --optimizer NAME     \(OptimizerChoice.names.joined(separator: " | ")) (default sgd)
      --momentum M         momentum, nesterov: μ in [0, 1) (default 0.9)
      --beta1 B --beta2 B  adam, adamw: moment decays in [0, 1) (default 0.9, 0.999)
      --epsilon E          adagrad, rmsprop, adadelta, adam, adamw: ε > 0
      --rho R              rmsprop's α, adadelta's ρ, in [0, 1) (default 0.99, 0.9)
      --initial-accumulator G  adagrad's starting sum of squared gradients, ≥ 0 (default 0)
      --weight-decay L     L2 penalty λ·x added to the gradient (adamw: decoupled; default 0.01)
    """

    /// One optimizer (`--optimizer`).
    static func optimizer(_ args: inout Arguments) throws(UsageError) -> OptimizerChoice {
        try optimizers(&args, allowList: false)[0]
    }

    /// Optimizers (`--optimizers a,b` or `--optimizer a`), all with the same hyperparameters.
    static func optimizers(_ args: inout Arguments, allowList: Bool = true) throws(UsageError) -> [OptimizerChoice] {
        let names = OptimizerChoice.names.joined(separator: " | ")
        let single = try args.optionalOption("--optimizer", expected: names) { name in
            OptimizerChoice.names.contains(name.lowercased()) ? name : nil
        }
        var listed: [String] = []
        if allowList {
            listed = try args.list("--optimizers", default: [], expected: "optimizer names (\(names))") { name in
                OptimizerChoice.names.contains(name.lowercased()) ? name : nil
            }
        }
        if single != nil, !listed.isEmpty { throw .conflict("give --optimizer or --optimizers, not both") }
        let chosen = single.map { [$0] } ?? (listed.isEmpty ? ["sgd"] : listed)
        let settings = OptimizerSettings(
            momentum: try args.optionalOption("--momentum", expected: "a number in [0, 1)", Parse.float),
            beta1: try args.optionalOption("--beta1", expected: "a number in [0, 1)", Parse.float),
            beta2: try args.optionalOption("--beta2", expected: "a number in [0, 1)", Parse.float),
            epsilon: try args.optionalOption("--epsilon", expected: "a number > 0", Parse.float),
            rho: try args.optionalOption("--rho", expected: "a number in [0, 1)", Parse.float),
            initialAccumulator: try args.optionalOption("--initial-accumulator", expected: "a number ≥ 0", Parse.float),
            weightDecay: try args.optionalOption("--weight-decay", expected: "a number ≥ 0", Parse.float))
        var out: [OptimizerChoice] = []
        for name in chosen {
            do {
                out.append(try OptimizerChoice(name: name, settings: settings, ignoringOthers: chosen.count > 1))
            } catch {
                throw .conflict("--optimizer \(name): \(error)")
            }
        }
        return out
    }
}
