import HogwildAutograd

/// A tensor of the shared parameter vector, owned by one layer: its name in the model
/// (`layers.2.weight`), where it starts and its shape.
///
/// ```swift
/// let fc = Sequential(Flatten(), Linear(784, 128), ReLU(), Linear(128, 10))
/// fc.parameters.map(\.name)    // ["layers.1.weight", "layers.1.bias", "layers.3.weight", "layers.3.bias"]
/// ```
public struct NamedTensor: Sendable, Hashable, CustomStringConvertible {
    /// The dotted path of the tensor in its model.
    public let name: String
    /// Its first coordinate in the parameter vector.
    public let offset: Int
    public let shape: Shape

    public init(name: String, offset: Int, shape: Shape) {
        self.name = name
        self.offset = offset
        self.shape = shape
    }

    /// Coordinates it covers.
    public var count: Int { shape.count }
    /// Its coordinates of the parameter vector.
    public var range: Range<Int> { offset..<(offset + shape.count) }
    public var description: String { "\(name) \(shape) at \(offset)" }

    /// What a layer holds until its initializer binds it.
    static let unbound = NamedTensor(name: "", offset: 0, shape: Shape(0))
}

/// Lays a model's tensors out one after another in the shared parameter vector and
/// names each by its path, as the model is built: a layer asks for its tensors with
/// ``tensor(_:_:)``, a container names its parts with ``scope(_:_:)``.
///
/// ```swift
/// var binder = ParameterBinder()
/// binder.scope("encoder") { encoder.bind(&$0) }
/// binder.scope("decoder") { decoder.bind(&$0) }
/// let count = binder.count        // the model's parameter count
/// ```
public struct ParameterBinder: Sendable {
    /// Every tensor handed out, in layout order.
    public private(set) var tensors: [NamedTensor] = []
    /// Coordinates handed out so far: the next tensor's offset.
    public private(set) var count: Int
    var path: [String] = []

    /// A binder whose first tensor starts at `offset`.
    public init(offset: Int = 0) { count = offset }

    /// The next `shape.count` coordinates, named `name` under the current scope.
    public mutating func tensor(_ name: String, _ shape: Shape) -> NamedTensor {
        let tensor = NamedTensor(name: (path + [name]).joined(separator: "."), offset: count, shape: shape)
        tensors.append(tensor)
        count += shape.count
        return tensor
    }

    /// Runs `body` with `name` added to the path of every tensor it binds.
    public mutating func scope(_ name: String, _ body: (inout ParameterBinder) -> Void) {
        path.append(name)
        body(&self)
        path.removeLast()
    }
}
