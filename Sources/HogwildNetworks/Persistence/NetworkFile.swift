import HogwildCore

/// A trained network saved with its optimizer state: the architecture (as its
/// description), the parameters, the optimizer's name and state buffers, and the epochs
/// trained, in a ``ModelFile`` (versioned, checksummed, written atomically).
///
/// Loading names the architecture it expects; a file of another architecture, or with
/// the wrong number of parameters, is refused with a message naming both.
///
/// ```swift
/// try NetworkFile(architecture: model.network.description, parameters: x.copyOut(),
///                 optimizer: "adam", state: [m, v], epochs: 10).write(to: "mlp.model")
/// let saved = try NetworkFile.read(from: "mlp.model", architecture: model.network.description,
///                                  parameterCount: model.parameterCount)
/// ```
public struct NetworkFile: Sendable, Equatable {
    public static let kind = "network"

    public var architecture: String
    public var parameters: [Float]
    /// The optimizer's name (`OptimizerChoice.name`) and its state buffers, laid out
    /// like the parameters (none for plain SGD).
    public var optimizer: String
    public var state: [[Float]]
    public var epochs: Int

    public init(architecture: String, parameters: [Float], optimizer: String, state: [[Float]] = [], epochs: Int) {
        self.architecture = architecture
        self.parameters = parameters
        self.optimizer = optimizer
        self.state = state
        self.epochs = epochs
    }

    public func write(to path: String) throws(ModelFileError) {
        var arrays = ["parameters": parameters]
        for (i, buffer) in state.enumerated() { arrays["state\(i)"] = buffer }
        try ModelFile(kind: Self.kind, settings: ["architecture": architecture, "optimizer": optimizer,
                                                  "epochs": "\(epochs)", "state buffers": "\(state.count)"],
                      arrays: arrays).write(to: path)
    }

    /// Reads `path`, refusing a file whose architecture is not `architecture` or whose
    /// parameter count is not `parameterCount` (when given).
    public static func read(from path: String, architecture: String? = nil, parameterCount: Int? = nil) throws(ModelFileError) -> NetworkFile {
        let file = try ModelFile.read(from: path, kind: kind)
        let saved = try file.setting("architecture", path: path)
        if let architecture, saved != architecture {
            throw .invalidContent(path: path, reason: "holds a network of another architecture: saved \(saved), expected \(architecture)")
        }
        let parameters = try file.array("parameters", count: parameterCount, path: path)
        guard let epochs = Int(try file.setting("epochs", path: path)), epochs >= 0,
              let buffers = Int(try file.setting("state buffers", path: path)), (0...2).contains(buffers) else {
            throw .invalidContent(path: path, reason: "the epoch or state-buffer count is not a small non-negative integer")
        }
        var state: [[Float]] = []
        for i in 0..<buffers { state.append(try file.array("state\(i)", count: parameters.count, path: path)) }
        return NetworkFile(architecture: saved, parameters: parameters, optimizer: try file.setting("optimizer", path: path),
                           state: state, epochs: epochs)
    }
}
