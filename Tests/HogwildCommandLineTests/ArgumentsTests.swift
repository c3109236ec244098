import Testing
@testable import HogwildCommandLine

@Suite struct ArgumentsTests {
    @Test func readsOptionsFlagsAndListsInAnyOrder() throws {
        var args = Arguments(["--json", "--threads", "1,2,4", "--epochs=5"])
        #expect(try args.list("--threads", default: [1], expected: "counts", Parse.positiveInt) == [1, 2, 4])
        #expect(try args.option("--epochs", default: 20, expected: "n", Parse.positiveInt) == 5)
        #expect(try args.option("--seed", default: 7, expected: "n", Parse.uint64) == 7)
        let json = args.flag("--json")
        #expect(json)
        try args.finish()
    }

    @Test func leftoverFlagIsAnErrorWithASuggestion() throws {
        var args = Arguments(["--thread", "4"])
        _ = try args.option("--threads", default: 1, expected: "n", Parse.positiveInt)
        #expect(throws: UsageError.unknownFlag("--thread", suggestion: "--threads")) { try args.finish() }
    }

    @Test func missingAndInvalidValuesNameTheFlag() {
        var a = Arguments(["--threads"])
        #expect(throws: UsageError.missingValue(flag: "--threads", expected: "n")) {
            try a.option("--threads", default: 1, expected: "n", Parse.positiveInt)
        }
        var b = Arguments(["--threads", "0"])
        #expect(throws: UsageError.invalidValue(flag: "--threads", value: "0", expected: "n")) {
            try b.option("--threads", default: 1, expected: "n", Parse.positiveInt)
        }
        var c = Arguments(["--threads", "1,,2"])
        #expect(throws: UsageError.self) { try c.list("--threads", default: [1], expected: "n", Parse.positiveInt) }
    }

    @Test func negativeNumbersAreValuesNotFlags() throws {
        var args = Arguments(["--offset", "-3"])
        #expect(try args.option("--offset", default: 0, expected: "n", Parse.int) == -3)
    }

    @Test func nonFiniteNumbersAreRejected() {
        #expect(Parse.float("nan") == nil)
        #expect(Parse.double("inf") == nil)
        #expect(Parse.positiveFloat("0.5") == 0.5)
    }
}
