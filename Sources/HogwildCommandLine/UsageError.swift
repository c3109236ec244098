/// A command line that cannot run: which flag, what it got, what it expects. The
/// tools print it with the command's usage and exit with status 2.
public enum UsageError: Error, Equatable, CustomStringConvertible {
    case unknownCommand(String, known: [String])
    case unknownFlag(String, suggestion: String?)
    case missingValue(flag: String, expected: String)
    case invalidValue(flag: String, value: String, expected: String)
    case missingArgument(name: String, expected: String)
    case unexpectedArgument(String)
    case conflict(String)
    /// An option given twice (`--epochs 1 --epochs 3`): which of the two was meant is
    /// not for the tool to guess.
    case repeatedOption(String, first: String, second: String)

    public var description: String {
        switch self {
        case .unknownCommand(let name, let known):
            let suggestion = Arguments.closest(to: name, in: Set(known)).map { "did you mean '\($0)'? " } ?? ""
            return "unknown command '\(name)'; \(suggestion)expected one of: \(known.joined(separator: ", "))"
        case .repeatedOption(let flag, let first, let second):
            return "option '\(flag)' is given twice ('\(first)' and '\(second)'); give it once"
        case .unknownFlag(let flag, let suggestion):
            return "unknown option '\(flag)'" + (suggestion.map { "; did you mean '\($0)'?" } ?? "")
        case .missingValue(let flag, let expected):
            return "option '\(flag)' needs a value: \(expected)"
        case .invalidValue(let flag, let value, let expected):
            return "option '\(flag)': '\(value)' is not valid; expected \(expected)"
        case .missingArgument(let name, let expected):
            return "missing \(name): \(expected)"
        case .unexpectedArgument(let arg):
            return "unexpected argument '\(arg)'"
        case .conflict(let why):
            return why
        }
    }
}

/// An error that ends a tool with its own exit status instead of 1 (an interrupted
/// run: 128 + the signal, as shells report one).
public protocol ExitStatusError: Error, CustomStringConvertible {
    var exitStatus: Int32 { get }
}
