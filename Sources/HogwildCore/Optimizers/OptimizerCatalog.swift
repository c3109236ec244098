/// Every optimizer that can be chosen by name. Adding one is its file (a type
/// conforming to ``OptimizerRule``) and a line here; the command line's `--optimizer`,
/// its `--help`, sweeps, result and checkpoint files all read this list.
///
/// ```swift
/// OptimizerCatalog.rules.map { $0.name }     // ["sgd", "momentum", …, "amsgrad"]
/// ```
public enum OptimizerCatalog {
    public static let rules: [any OptimizerRule.Type] = [
        SGD.self,
        Momentum.self,
        Nesterov.self,
        AdaGrad.self,
        RMSProp.self,
        AdaDelta.self,
        Adam.self,
        AdamW.self,
        AMSGrad.self,
    ]

    /// Every name ``OptimizerChoice/init(name:settings:ignoringOthers:)`` accepts.
    public static var names: [String] { rules.map { $0.name } }

    /// The rule called `name` (case-insensitive), if any.
    public static func rule(named name: String) -> (any OptimizerRule.Type)? {
        rules.first { $0.name == name.lowercased() }
    }
}
