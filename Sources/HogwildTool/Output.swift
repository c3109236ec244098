import HogwildPlatform

/// What the commands print: a line at a time, flushed at once, so progress reaches a
/// log file or a pipe (`hogwild scale … | tee log`) as it happens rather than when
/// the process exits.
enum Output {
    static func line(_ text: String) {
        print(text)
        fflush(nil)   // all streams: the C `stdout` global is not concurrency-safe in Swift 6
    }
}
