import Foundation
import HogwildCommandLine

let tool = CommandLineTool(
    name: "hogwild",
    summary: "lock-free parallel SGD (HOGWILD!) and its baselines",
    commands: [TrainCommand.self, DataCommand.self],
    defaultCommand: TrainCommand.self)
exit(tool.main(Array(CommandLine.arguments.dropFirst())))
