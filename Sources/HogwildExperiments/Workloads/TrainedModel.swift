import FoundationEssentials
import HogwildCore
import HogwildModels
import HogwildNetworks

/// A trained model of any workload, as `--save-model` writes it and `hogwild predict`
/// reads it: a linear model (``LinearModel``), a factorization (``FactorModel``), a
/// cut's labelling (``CutLabelling``) or a network (``NetworkFile``). One save/load
/// pair for all; ``load(from:)`` tells the kinds apart by their files' first bytes.
///
/// ```swift
/// let run = try workload.run(scheme: .hogwild, configuration: workload.defaultConfiguration(threads: 2))
/// try run.model?.save(to: "svm.model")
/// if case .linear(let model) = try TrainedModel.load(from: "svm.model") { print(model.weights.count) }
/// ```
public enum TrainedModel: Sendable {
    case linear(LinearModel)
    case factors(FactorModel)
    case cut(CutLabelling)
    case network(NetworkFile)

    /// "linear model", "factor model", … for messages.
    public var kindName: String {
        switch self {
        case .linear(let m): return "linear model (\(m.loss.rawValue) loss)"
        case .factors(let m): return "factor model (rank \(m.rank))"
        case .cut(let m): return "cut labelling (\(m.labelCount) labels)"
        case .network(let m): return "network (\(m.architecture))"
        }
    }

    /// Saves the model (atomically, checksummed).
    public func save(to path: String) throws(ModelFileError) {
        switch self {
        case .linear(let m): try m.save(to: path)
        case .factors(let m): try m.save(to: path)
        case .cut(let m): try m.save(to: path)
        case .network(let m): try m.save(to: path)
        }
    }

    /// Loads any model ``save(to:)`` wrote; refuses other files naming the path.
    public static func load(from path: String) throws(ModelFileError) -> TrainedModel {
        let bytes = try FileBytes.read(from: path)
        if bytes.starts(with: ModelFile.magicBytes) {
            let file = try ModelFile.decode(bytes, path: path)
            switch file.kind {
            case "linear": return .linear(try LinearModel.load(from: path))
            case "factors": return .factors(try FactorModel.load(from: path))
            case "cut": return .cut(try CutLabelling.load(from: path))
            default: throw .wrongKind(path: path, expected: "linear, factors, cut or a network", found: file.kind)
            }
        }
        return .network(try NetworkFile.load(from: path))
    }
}

extension WorkloadSpec.Settings {
    /// These settings as the JSON a ``NetworkFile``'s recipe holds.
    func recipe() -> String? {
        guard let data = try? JSONEncoder().encode(self) else { return nil }
        return String(decoding: data, as: UTF8.self)
    }

    /// The settings a ``NetworkFile``'s recipe holds (nil: none, or not these settings).
    public static func fromRecipe(_ recipe: String) -> WorkloadSpec.Settings? {
        try? JSONDecoder().decode(WorkloadSpec.Settings.self, from: Data(recipe.utf8))
    }
}
