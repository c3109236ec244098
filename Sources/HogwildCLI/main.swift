import HogwildPlatform
import HogwildTool

exit(HogwildTool.main(Array(CommandLine.arguments.dropFirst())))
