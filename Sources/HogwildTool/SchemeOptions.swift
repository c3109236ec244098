import Hogwild
import HogwildCommandLine

/// `--scheme`/`--schemes` and the hot-replica settings, which travel with the
/// `hotReplicas` scheme they set.
enum SchemeOptions {
    static let help = """
          --hot-coordinates K  hotReplicas: replicate the K most frequent coordinates (default: from the data)
          --merge-interval M   hotReplicas: merge a worker's deltas every M of its updates
                               (default: 256 / threads in [8, 1024] for sparse steps, 32 / threads
                               and at least 4 for networks; at most 1/16 of a worker's share)
          --merge MODE         hotReplicas: automatic (default: locked) | locked (vector adds a block of
                           1,024 under a lock; no merge lost) | atomic (an atomic add a coordinate;
                           no merge lost) | relaxed (vector adds, no lock; a racing merge can be lost)
          --batch-terms B      conflictFree: terms a conflict-free batch holds (default: from the data,
                               the largest batch whose conflict components stay small)
          --hot-keys K         conflictFree: the K most frequent conflict keys are hot, their step
                               parts applied at the batch's end (default: the fewest that keep the
                               batch's components small; none unless B would be below 256)
        """

    static let names = SchemeKind.allCases.map(\.rawValue).joined(separator: " | ")

    /// One scheme (`--scheme`, default automatic: HOGWILD!, with hot replicas where they
    /// pay), for single runs.
    static func scheme(_ args: inout Arguments) throws(UsageError) -> SchemeChoice {
        let kind = try args.option("--scheme", default: .automatic, expected: names) { try? SchemeKind(parsing: $0) }
        return try withSettings([kind], &args)[0]
    }

    /// A list of schemes (`--schemes a,b` or `--scheme a`; `all` for every one).
    static func schemes(_ args: inout Arguments, default defaults: [SchemeKind]) throws(UsageError) -> [SchemeChoice] {
        let expected = "scheme names (\(names)) or all"
        let single = try args.optionalOption("--scheme", expected: names) { try? SchemeKind(parsing: $0) }
        let listed = try args.list("--schemes", default: [], expected: expected, Parse.string)
        var kinds: [SchemeKind] = []
        if let single {
            guard listed.isEmpty else { throw .conflict("give --scheme or --schemes, not both") }
            kinds = [single]
        } else if listed.isEmpty {
            kinds = defaults
        } else {
            for name in listed {
                if name == "all" {
                    kinds += SchemeKind.allCases.filter { !kinds.contains($0) }
                    continue
                }
                guard let kind = try? SchemeKind(parsing: name) else {
                    throw .invalidValue(flag: "--schemes", value: name, expected: expected)
                }
                if !kinds.contains(kind) { kinds.append(kind) }
            }
        }
        return try withSettings(kinds, &args)
    }

    /// The schemes with the hot-replica flags applied to `hotReplicas`; the flags are
    /// an error when no listed scheme takes them.
    static func withSettings(_ kinds: [SchemeKind], _ args: inout Arguments) throws(UsageError) -> [SchemeChoice] {
        let settings = HotReplicaSettings(
            hotCoordinates: try args.optionalOption(
                "--hot-coordinates", expected: "an integer ≥ 0", Parse.nonNegativeInt),
            mergeInterval: try args.optionalOption(
                "--merge-interval", expected: "a positive integer", Parse.positiveInt),
            merge: try args.option(
                "--merge", default: .automatic, expected: "automatic | locked | atomic | relaxed",
                HotReplicaSettings.MergeMode.init(argument:)))
        if settings != HotReplicaSettings(), !kinds.contains(.hotReplicas) {
            throw .conflict(
                "--hot-coordinates, --merge-interval and --merge set the hotReplicas scheme, which is not chosen")
        }
        let conflictFree = ConflictFreeSettings(
            batchTerms: try args.optionalOption("--batch-terms", expected: "a positive integer", Parse.positiveInt),
            hotKeys: try args.optionalOption("--hot-keys", expected: "an integer ≥ 0", Parse.nonNegativeInt))
        if conflictFree != ConflictFreeSettings(), !kinds.contains(.conflictFree) {
            throw .conflict("--batch-terms and --hot-keys set the conflictFree scheme, which is not chosen")
        }
        return kinds.map { kind in
            switch kind {
            case .hotReplicas: return .hotReplicas(settings)
            case .conflictFree: return .conflictFree(conflictFree)
            default: return SchemeChoice(kind)
            }
        }
    }
}
