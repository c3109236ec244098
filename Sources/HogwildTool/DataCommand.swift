import Hogwild
import HogwildCommandLine
import HogwildPlatform

/// `hogwild data stats|write`: the paper's sparsity statistics of a data set, or the
/// data written out in its text format.
struct DataCommand: Command {
    static let name = "data"
    static let summary = "data tools: 'data stats' prints Ω, Δ, ρ and the degree skew; 'data write' saves a data set"
    static let help = """
        usage: hogwild data stats [FILE] [data options] [--json]
               hogwild data write [data options] --out FILE [--terminals-out FILE]

        'data stats' prints a data set's size and the paper's sparsity statistics;
        'data write' saves the (generated or read) training data in its text format.
        'hogwild data stats --help' and 'hogwild data write --help' say more.
        """

    static let statsHelp = """
        usage: hogwild data stats [FILE] [data options] [--json]

        Loads or generates a data set and prints its size, memory footprint and the paper's
        sparsity statistics: Ω (most coordinates one term touches), Δ (share of terms
        touching the busiest coordinate), ρ (share of terms the most entangled term
        collides with; exact when affordable, else sampled with a 95% error), and the degree
        skew: the share of updates that touch the top 1% of coordinates, which decides
        whether hot coordinates will limit HOGWILD!'s scaling. FILE is the same as --data FILE.

        data options:
        \(WorkloadOptions.help)
          --json               print the statistics as JSON

        examples:
          hogwild data stats rcv1_train.binary.gz
          hogwild data stats --synthetic netflix --scale 0.01
          hogwild data stats ratings.txt --workload mc
        """

    static let writeHelp = """
        usage: hogwild data write [data options] --out FILE [--terminals-out FILE]

        Saves the (generated or read) training data in its text format: LIBSVM for the
        linear models, ratings triples for mc (users and items numbered from 0), an edge
        list plus a terminals file for cuts — e.g. to give the same data to another program.

          --out FILE           the file to write
          --terminals-out FILE cuts: the terminals file to write beside the edges

        data options:
        \(WorkloadOptions.help)

        examples:
          hogwild data write --synthetic rcv1 --scale 0.256 --out rcv1.libsvm
          hogwild data write --workload cuts --synthetic dblife --out edges.txt --terminals-out terminals.txt
        """

    static func help(for arguments: [String]) -> String {
        switch arguments.first {
        case "stats": return statsHelp
        case "write": return writeHelp
        default: return help
        }
    }

    enum Action { case stats, write(path: String, terminals: String?) }

    var workload: WorkloadOptions
    var json: Bool
    var action: Action

    init(arguments args: inout Arguments) throws(UsageError) {
        guard let sub = args.positional() else {
            throw .missingArgument(name: "subcommand", expected: "stats or write")
        }
        if sub == "stats", let file = args.leadingPositional() {
            // `data stats FILE`, as people type it.
            if args.contains("--data") || args.contains("--edges") || args.contains("--synthetic") {
                throw .conflict("'\(file)' and --data, --edges or --synthetic both name the data")
            }
            args.prepend(["--data", file])
        }
        workload = try WorkloadOptions(arguments: &args)
        json = args.flag("--json")
        switch sub {
        case "stats":
            action = .stats
        case "write":
            guard let out = try args.optionalOption("--out", expected: "a file path", Parse.string) else {
                throw .missingArgument(name: "--out", expected: "the file to write")
            }
            let terminals = try args.optionalOption("--terminals-out", expected: "a file path", Parse.string)
            if workload.spec.kind == .cuts, terminals == nil {
                throw .missingArgument(name: "--terminals-out", expected: "the terminals file of the cut problem")
            }
            action = .write(path: out, terminals: terminals)
        default:
            throw .unexpectedArgument(sub)
        }
    }

    struct Report: Codable {
        var data: String
        var memoryBytes: Int
        var statistics: SparsityStatistics
    }

    func run() throws {
        let baseline = PeakMemory.residentBytes()
        let start = MonotonicClock.nanoseconds()
        let workload = try WorkloadCatalog.make(self.workload.spec)
        let loadSeconds = MonotonicClock.seconds(since: start)
        let loadPeak = PeakMemory.residentBytes()
        if case .write(let path, let terminals) = action {
            try write(workload, to: path, terminals: terminals)
            return
        }
        let stats = workload.statistics()
        if json {
            let report = Report(data: workload.summary, memoryBytes: workload.memoryFootprint, statistics: stats)
            Output.line(String(decoding: try ResultFiles.encoder().encode(report), as: UTF8.self))
            return
        }
        Output.line("data:        \(workload.summary)")
        Output.line(
            "memory:      \(formatBytes(workload.memoryFootprint)) in memory; loading took "
                + "\(String(printf: "%.1f", loadSeconds)) s and raised the process's peak resident memory from "
                + "\(formatBytes(baseline)) to \(formatBytes(loadPeak)) "
                + "(\(String(printf: "%.2f", Double(loadPeak - baseline) / Double(max(1, workload.memoryFootprint))))"
                + "× the data)"
        )
        Output.line("terms |E|:   \(stats.terms)")
        Output.line("coordinates: \(stats.vertices) (as the paper counts them: features, users + items, or free nodes)")
        Output.line(
            "incidences:  \(stats.incidences) "
                + "(\(String(printf: "%.1f", Double(stats.incidences) / Double(max(1, stats.terms)))) a term)"
        )
        Output.line("Ω:           \(stats.omega)")
        Output.line(
            "Δ:           \(String(printf: "%.3g", stats.delta)) (busiest coordinate in \(stats.maxDegree) terms)")
        Output.line(
            "ρ:           \(String(printf: "%.3g", stats.rho))"
                + (stats.rhoIsExact ? " (exact)" : " (sampled, ± \(String(printf: "%.2g", stats.rhoError)) at 95%)"))
        Output.line(
            "skew:        \(String(printf: "%.1f%%", 100 * stats.topOnePercentIncidenceShare)) of coordinate updates "
                + "and \(String(printf: "%.1f%%", 100 * stats.topOnePercentTermShare)) of terms touch the top 1% of "
                + "coordinates"
        )
    }
}

extension DataCommand {
    func write(_ workload: any Workload, to path: String, terminals: String?) throws {
        switch workload {
        case let linear as LinearWorkload:
            try LibSVMWriter.write(linear.data, to: path)
        case let mc as MatrixCompletionWorkload:
            try RatingsWriter.write(mc.objective.data, to: path)
        case let cuts as GraphCutWorkload:
            try EdgeListWriter.write(cuts.objective.graph, edges: path, terminals: terminals!)
        default:
            throw UsageError.conflict("this workload has no file format to write")
        }
        Output.line("wrote \(path)" + (terminals.map { " and \($0)" } ?? "") + ": \(workload.summary)")
    }
}

/// "12.3 MB"-style sizes.
func formatBytes(_ bytes: Int) -> String {
    let units = ["B", "KB", "MB", "GB", "TB"]
    var value = Double(bytes), unit = 0
    while value >= 1000, unit < units.count - 1 {
        value /= 1000
        unit += 1
    }
    return unit == 0 ? "\(bytes) B" : String(printf: "%.1f ", value) + units[unit]
}
