import HogwildPlatform
import HogwildSupport

/// One subcommand of a tool: parses its own options (validating before it runs) and
/// runs. Commands are types, as in swift-argument-parser.
public protocol Command {
    /// The word that selects the command (`train`).
    static var name: String { get }
    /// One line for the tool's command list.
    static var summary: String { get }
    /// The full `--help` text: usage line, options with their defaults, an example.
    static var help: String { get }
    /// The `--help` text for these arguments: a command with subcommands of its own
    /// answers `data write --help` with the write's help. ``help`` unless a command says.
    static func help(for arguments: [String]) -> String
    /// Reads the command's options; throws ``UsageError`` for anything wrong or left over.
    init(arguments: inout Arguments) throws(UsageError)
    /// Does the work. Errors are printed and end the tool with status 1.
    func run() throws
}

extension Command {
    public static func help(for arguments: [String]) -> String { help }
}

/// A tool made of subcommands: dispatch, `--help`, and the exit-status convention
/// (0 success, 1 failure while running, 2 a command line that cannot run).
public struct CommandLineTool {
    public let name: String
    public let summary: String
    public let commands: [any Command.Type]
    /// The command run when none is named (nil: print the overview).
    public let defaultCommand: (any Command.Type)?
    /// How an error a command throws is printed (its description by default): where a
    /// tool adds what its own flags can do about it.
    public let describe: (any Error) -> String

    public init(
        name: String, summary: String, commands: [any Command.Type],
        defaultCommand: (any Command.Type)? = nil, describe: @escaping (any Error) -> String = { "\($0)" }
    ) {
        self.name = name
        self.summary = summary
        self.commands = commands
        self.defaultCommand = defaultCommand
        self.describe = describe
    }

    /// The overview `tool --help` prints.
    public var overview: String {
        let width = commands.map { $0.name.count }.max() ?? 0
        let lines = commands.map { "  \($0.name.padded(to: width))  \($0.summary)" }
        return """
            \(name): \(summary)

            usage: \(name) <command> [options]     (\(name) <command> --help for its options)

            commands:
            \(lines.joined(separator: "\n"))
            """
    }

    /// Parses `arguments` (without the program name) into the command they ask for,
    /// without running it; nil when they ask for help or the overview. Throws the
    /// ``UsageError`` that `main` would print.
    public func parse(_ arguments: [String]) throws(UsageError) -> (any Command)? {
        var rest = arguments
        let command: any Command.Type
        if let first = rest.first, !first.hasPrefix("-") {
            guard let match = commands.first(where: { $0.name == first }) else {
                throw .unknownCommand(first, known: commands.map { $0.name })
            }
            command = match
            rest.removeFirst()
        } else if rest.first == "--help" || rest.first == "-h" || defaultCommand == nil {
            return nil
        } else {
            command = defaultCommand!
        }
        var args = Arguments(rest)
        if args.wantsHelp { return nil }
        let instance = try command.init(arguments: &args)
        try args.finish()
        return instance
    }

    /// Parses and runs `arguments` (without the program name); returns the exit status.
    public func main(_ arguments: [String]) -> Int32 {
        var rest = arguments
        let command: any Command.Type
        if let first = rest.first, !first.hasPrefix("-") {
            guard let match = commands.first(where: { $0.name == first }) else {
                printError(UsageError.unknownCommand(first, known: commands.map { $0.name }).description)
                printError("\n" + overview)
                return 2
            }
            command = match
            rest.removeFirst()
        } else if rest.first == "--help" || rest.first == "-h" || defaultCommand == nil {
            print(overview)
            return rest.isEmpty && defaultCommand == nil ? 2 : 0
        } else {
            command = defaultCommand!
        }
        var args = Arguments(rest)
        if args.wantsHelp {
            print(command.help(for: rest))
            return 0
        }
        let instance: any Command
        do {
            instance = try command.init(arguments: &args)
            try args.finish()
        } catch {
            printError("\(name) \(command.name): error: \(error)")
            printError("(see '\(name) \(command.name) --help')")
            return 2
        }
        do {
            try instance.run()
            return 0
        } catch let error as UsageError {
            printError("\(name) \(command.name): error: \(error)")
            return 2
        } catch let error as any ExitStatusError {
            printError("\(name) \(command.name): \(describe(error))")
            return error.exitStatus
        } catch {
            printError("\(name) \(command.name): error: \(describe(error))")
            return 1
        }
    }
}

/// Writes a line to standard error.
package func printError(_ message: String) {
    var line = message
    line.append("\n")
    // write(2) on descriptor 2: the C `stderr` global is not concurrency-safe in Swift 6.
    line.withUTF8 { bytes in _ = write(2, bytes.baseAddress, bytes.count) }
}
