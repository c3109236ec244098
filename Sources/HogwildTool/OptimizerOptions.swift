import Hogwild
import HogwildCommandLine

/// `--optimizer` (or `--optimizers` for comparisons) and the hyperparameters that go
/// with it, all read from ``OptimizerCatalog``: a hyperparameter the chosen optimizer
/// does not have is refused.
enum OptimizerOptions {
    /// What each setting means and its range, for `--help`.
    static let meanings: [OptimizerSetting.Key: String] = [
        .momentum: "μ in [0, 1)", .beta1: "β₁ in [0, 1)", .beta2: "β₂ in [0, 1)", .epsilon: "ε > 0",
        .rho: "rmsprop's α, adadelta's ρ, in [0, 1)", .initialAccumulator: "the starting sum of squared gradients, ≥ 0",
        .weightDecay: "L2 penalty λ·x added to the gradient (adamw's is decoupled), ≥ 0",
    ]

    /// The help text: every optimizer with its rule, then every setting with the
    /// optimizers that take it and their defaults.
    static var help: String {
        let rules = OptimizerCatalog.rules
        var lines = ["  --optimizer NAME     (default sgd)"]
        for rule in rules { lines.append("    " + rule.name.padded(to: 18) + rule.summary) }
        for key in OptimizerSetting.Key.allCases {
            let takers = rules.compactMap { rule in
                rule.settings.first { $0.key == key }.map { (rule.name, $0.defaultValue) }
            }
            let defaults = takers.map { "\($0.0) \(formatted($0.1))" }.joined(separator: ", ")
            // A flag as long as the column (--initial-accumulator X) gets its text on the next line.
            let flag = "\(key.flag) X", text = "\(meanings[key] ?? "") (default: \(defaults))"
            lines.append(
                flag.count < 20
                    ? "  " + flag.padded(to: 21) + text : "  " + flag + "\n" + String(repeating: " ", count: 23) + text)
        }
        return lines.joined(separator: "\n")
    }

    static func formatted(_ value: Float) -> String { "\(value)" }

    /// One optimizer (`--optimizer`).
    static func optimizer(_ args: inout Arguments) throws(UsageError) -> OptimizerChoice {
        try optimizers(&args, allowList: false)[0]
    }

    /// Optimizers (`--optimizers a,b` or `--optimizer a`), all with the same hyperparameters.
    static func optimizers(_ args: inout Arguments, allowList: Bool = true) throws(UsageError) -> [OptimizerChoice] {
        let names = OptimizerCatalog.names.joined(separator: " | ")
        let known = { (name: String) in OptimizerCatalog.rule(named: name) == nil ? nil : name }
        let single = try args.optionalOption("--optimizer", expected: names, known)
        var listed: [String] = []
        if allowList {
            listed = try args.list("--optimizers", default: [], expected: "optimizer names (\(names))", known)
        }
        if single != nil, !listed.isEmpty { throw .conflict("give --optimizer or --optimizers, not both") }
        let chosen = single.map { [$0] } ?? (listed.isEmpty ? ["sgd"] : listed)
        var settings = OptimizerSettings()
        for key in OptimizerSetting.Key.allCases {
            settings[key] = try args.optionalOption(key.flag, expected: meanings[key] ?? "a number", Parse.float)
        }
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
