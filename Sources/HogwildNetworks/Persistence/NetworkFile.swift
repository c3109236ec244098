import HogwildAutograd
import HogwildCore
import HogwildSupport

/// A trained network saved with its optimizer state, as named tensors in a
/// ``SafeTensors`` file that other tools read: every parameter tensor under its name
/// (`layers.1.weight`, shape [128, 784]), every optimizer state buffer cut the same way
/// under `optimizer.<buffer>.<tensor>` (`optimizer.exp_avg.layers.1.weight`), and in
/// the metadata the architecture, the optimizer's name and the epochs trained. Written
/// atomically (a temporary file renamed over the target), checked by a CRC-32.
///
/// A network is loaded by name: ``parameters(for:path:)`` finds each of the model's
/// tensors in the file and refuses one that is missing or of another shape, naming it.
///
/// ```swift
/// let file = NetworkFile(architecture: "\(model.network)", tensors: model.parameterTensors, parameters: x.copyOut(),
///                        optimizer: "adam", state: [("exp_avg", m), ("exp_avg_sq", v)], epochs: 10)
/// try file.save(to: "mlp.safetensors")
/// let saved = try NetworkFile.load(from: "mlp.safetensors")
/// saved.tensors.map(\.name)     // ["layers.1.weight", "layers.1.bias", "layers.3.weight", "layers.3.bias"]
/// try x.copyIn(saved.parameters(for: model.parameterTensors, path: "mlp.safetensors"))
/// ```
public struct NetworkFile: Sendable, Equatable {
    /// The value of the metadata's `format` field.
    public static let format = "hogwild-network"

    /// One optimizer state buffer, laid out like the parameters.
    public struct StateBuffer: Sendable, Equatable {
        public var name: String
        public var values: [Float]
        public init(name: String, values: [Float]) {
            self.name = name
            self.values = values
        }
    }

    public var architecture: String
    /// The parameter tensors in layout order, covering `parameters`.
    public var tensors: [NamedTensor]
    public var parameters: [Float]
    /// The optimizer's name (`OptimizerChoice.name`); its state (none for plain SGD).
    public var optimizer: String
    public var state: [StateBuffer]
    public var epochs: Int
    /// How to build the model again (the harness writes its workload settings as JSON,
    /// so that `hogwild predict` can rebuild the network from the file alone); nil in
    /// files written without it.
    public var recipe: String?

    public init(
        architecture: String, tensors: [NamedTensor], parameters: [Float], optimizer: String,
        state: [(name: String, values: [Float])] = [], epochs: Int, recipe: String? = nil
    ) {
        self.architecture = architecture
        self.tensors = tensors
        self.parameters = parameters
        self.optimizer = optimizer
        self.state = state.map { StateBuffer(name: $0.name, values: $0.values) }
        self.epochs = epochs
        self.recipe = recipe
    }

    /// The file's contents: parameters first, then each state buffer, tensor by tensor.
    public var safeTensors: SafeTensors {
        var file = SafeTensors(metadata: [
            "format": Self.format, "architecture": architecture, "optimizer": optimizer,
            "epochs": "\(epochs)", "state": state.map(\.name).joined(separator: ","),
        ])
        if let recipe { file.metadata["recipe"] = recipe }
        for tensor in tensors {
            file.append(tensor.name, shape: tensor.shape.extents, values: Array(parameters[tensor.range]))
        }
        for buffer in state {
            for tensor in tensors {
                file.append(
                    "optimizer.\(buffer.name).\(tensor.name)", shape: tensor.shape.extents,
                    values: Array(buffer.values[tensor.range]))
            }
        }
        return file
    }

    /// Saves the file atomically (a temporary file beside `path`, flushed, renamed).
    public func save(to path: String) throws(ModelFileError) {
        try FileBytes.write(safeTensors.encoded(), to: path)
    }

    /// Loads `path`, refusing a file that is not a network saved by this package.
    public static func load(from path: String) throws(ModelFileError) -> NetworkFile {
        let file = try SafeTensors.decode(FileBytes.read(from: path), path: path)
        guard file.metadata["format"] == format else {
            throw .wrongKind(
                path: path, expected: format, found: file.metadata["format"] ?? "a safetensors file without it")
        }
        guard let architecture = file.metadata["architecture"], let optimizer = file.metadata["optimizer"],
            let epochs = file.metadata["epochs"].flatMap({ Int($0) }), epochs >= 0
        else {
            throw .invalidContent(
                path: path, reason: "the metadata lacks the architecture, the optimizer or the epochs")
        }
        let stateNames = (file.metadata["state"] ?? "").split(separator: ",").map(String.init)
        var tensors: [NamedTensor] = []
        var parameters: [Float] = []
        for entry in file.entries where !entry.name.hasPrefix("optimizer.") {
            guard let shape = Shape(entry.shape) else {
                throw .invalidContent(
                    path: path,
                    reason:
                        "tensor '\(entry.name)' has rank \(entry.shape.count); networks use at most "
                        + "\(Shape.maximumRank)"
                )
            }
            tensors.append(NamedTensor(name: entry.name, offset: parameters.count, shape: shape))
            parameters += entry.values
        }
        var state: [(name: String, values: [Float])] = []
        for name in stateNames {
            var values: [Float] = []
            values.reserveCapacity(parameters.count)
            for tensor in tensors {
                guard let entry = file["optimizer.\(name).\(tensor.name)"], entry.values.count == tensor.count else {
                    throw .invalidContent(
                        path: path,
                        reason: "optimizer state '\(name)' lacks tensor '\(tensor.name)' or has another size")
                }
                values += entry.values
            }
            state.append((name, values))
        }
        return NetworkFile(
            architecture: architecture, tensors: tensors, parameters: parameters, optimizer: optimizer,
            state: state, epochs: epochs, recipe: file.metadata["recipe"])
    }

    /// The saved values of a model whose tensors are `layout`, in that layout: each
    /// tensor found by name, with its shape. Throws naming the first tensor the file
    /// lacks or holds with another shape (`path` names the file).
    public func parameters(for layout: [NamedTensor], path: String) throws(ModelFileError) -> [Float] {
        try values(parameters, for: layout, path: path)
    }

    /// State buffer `name` in the layout of `layout`, if the file has it.
    public func state(_ name: String, for layout: [NamedTensor], path: String) throws(ModelFileError) -> [Float]? {
        guard let buffer = state.first(where: { $0.name == name }) else { return nil }
        return try values(buffer.values, for: layout, path: path)
    }

    func values(_ saved: [Float], for layout: [NamedTensor], path: String) throws(ModelFileError) -> [Float] {
        let byName = Dictionary(tensors.map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })
        var out = [Float](repeating: 0, count: layout.map(\.range.upperBound).max() ?? 0)
        for tensor in layout {
            guard let found = byName[tensor.name] else {
                throw .invalidContent(
                    path: path,
                    reason:
                        "holds no tensor '\(tensor.name)' (it holds \(tensors.map(\.name).joined(separator: ", "))): "
                        + "saved from another architecture (\(architecture))"
                )
            }
            guard found.shape == tensor.shape else {
                throw .invalidContent(
                    path: path,
                    reason:
                        "tensor '\(tensor.name)' is \(found.shape) in the file and \(tensor.shape) in this model: "
                        + "saved from another architecture (\(architecture))"
                )
            }
            out.replaceSubrange(tensor.range, with: saved[found.range])
        }
        return out
    }

    public static func == (a: NetworkFile, b: NetworkFile) -> Bool {
        a.architecture == b.architecture && a.tensors == b.tensors
            && a.parameters.map(\.bitPattern) == b.parameters.map(\.bitPattern)
            && a.optimizer == b.optimizer && a.epochs == b.epochs && a.recipe == b.recipe
            && a.state.map(\.name) == b.state.map(\.name)
            && a.state.map { $0.values.map(\.bitPattern) } == b.state.map { $0.values.map(\.bitPattern) }
    }
}
