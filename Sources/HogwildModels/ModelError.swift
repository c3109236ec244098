/// What is wrong with a model's settings or with the data given to it.
public enum ModelError: Error, Equatable, CustomStringConvertible {
    /// A numeric setting is out of range or not finite.
    case invalidParameter(name: String, value: Double, expected: String)
    /// Data does not fit the model (a test set with more features than training saw, …).
    case incompatibleData(String)

    public var description: String {
        switch self {
        case .invalidParameter(let name, let value, let expected):
            return "\(name) must be \(expected), got \(value)"
        case .incompatibleData(let why):
            return why
        }
    }
}
