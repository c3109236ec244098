import Hogwild
import HogwildCommandLine

/// The `hogwild` command line as a value, so the executable is one line and the tests
/// can run every command in-process.
public enum HogwildTool {
    public static var tool: CommandLineTool {
        CommandLineTool(
            name: "hogwild",
            summary: "lock-free parallel SGD (HOGWILD!) and its baselines",
            commands: [
                TrainCommand.self, ScaleCommand.self, CompareCommand.self, ReproduceCommand.self,
                PredictCommand.self, EvaluateCommand.self, PlotCommand.self, DataCommand.self,
            ],
            defaultCommand: TrainCommand.self,
            describe: FlagAdvice.message(for:))
    }

    /// Runs the tool on `arguments` (without the program name); returns the exit status.
    public static func main(_ arguments: [String]) -> Int32 { tool.main(arguments) }
}
