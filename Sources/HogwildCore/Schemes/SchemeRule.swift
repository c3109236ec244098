/// An update scheme that can be chosen by name: on the command line, in sweeps and in
/// result files. The scheme says what it is called (and what else it answers to), how
/// figures label and colour it, and what it does in one line; ``SchemeCatalog`` lists
/// every one. Its settings are its own stored properties, written and read as fields
/// beside its name (`{"scheme": "hotReplicas", "mergeInterval": 64}`).
///
/// ```swift
/// extension Traced: SchemeRule {
///     static let kind = SchemeKind(rawValue: "traced")
///     static let displayName = "HOGWILD! (traced)"
///     static let summary = "HOGWILD! that logs its writes"
///     static let figureColor = "#7f7f7f"
/// }
/// ```
public protocol SchemeRule: UpdateScheme, Hashable, Codable {
    /// The name on the command line and in files.
    static var kind: SchemeKind { get }
    /// Other spellings the command line accepts (`aig`, `rr`), lower-case.
    static var aliases: [String] { get }
    /// The label of its curves in figures (`AIG`, `locked SGD`).
    static var displayName: String { get }
    /// What it does to a term, in one line, for `--help`.
    static var summary: String { get }
    /// The colour of its curves in figures (an SVG colour).
    static var figureColor: String { get }
    /// The scheme with default settings.
    init()
    /// Its settings when they are not the defaults, for labels (`K=64,M=8`); empty otherwise.
    var settingsDescription: String { get }
    /// Throws naming the first setting out of range.
    func validate() throws(TrainingError)
}

extension SchemeRule {
    public static var aliases: [String] { [] }
    public var kind: SchemeKind { Self.kind }
    public var settingsDescription: String { "" }
    public func validate() throws(TrainingError) {}
}

/// Every update scheme that can be chosen by name. Adding one is its file (a type
/// conforming to ``SchemeRule``) and a line here; ``AnyTrainer`` runs it (and runs it
/// fastest with a line of its own in the switch that specializes the hot loop).
///
/// ```swift
/// SchemeCatalog.rules.map { $0.displayName }    // ["HOGWILD!", "HOGWILD! (atomic add)", "AIG", …]
/// ```
public enum SchemeCatalog {
    public static let rules: [any SchemeRule.Type] = [
        RelaxedHogwild.self,
        AtomicHogwild.self,
        CoordinateLocks.self,
        RoundRobin.self,
        GlobalLock.self,
        HotReplicas.self,
        AutomaticScheme.self,
        ConflictFree.self,
    ]

    /// The scheme called `name`: its name or an alias, case-insensitive, `-` ignored.
    public static func rule(named name: String) -> (any SchemeRule.Type)? {
        let wanted = name.lowercased().filter { $0 != "-" }
        return rules.first { rule in
            rule.kind.rawValue.lowercased() == wanted || rule.aliases.contains(wanted)
        }
    }

    /// The scheme of `kind`, if it is in the catalog.
    public static func rule(_ kind: SchemeKind) -> (any SchemeRule.Type)? {
        rules.first { $0.kind == kind }
    }
}
