import Testing
import HogwildTestSupport
@testable import HogwildCore

@Suite struct SharedParametersTests {
    @Test func bufferIsCacheLineAlignedAndInitialised() throws {
        let x = try SharedParameters(count: 1000, initialValue: 0.25)
        #expect(Int(bitPattern: UnsafeRawPointer(x.memory.base)) % 64 == 0)
        #expect(x.count == 1000)
        #expect(x.copyOut().allSatisfy { $0 == 0.25 })
    }

    @Test func negativeCountIsATypedError() {
        #expect(throws: ParameterError.negativeCount(-3)) { try SharedParameters(count: -3) }
    }

    @Test func nonFiniteInitialValueIsATypedError() {
        #expect(throws: ParameterError.self) { try SharedParameters(count: 4, initialValue: .nan) }
    }

    @Test func copyInRejectsWrongCountAndNaNWithoutWriting() throws {
        let x = try SharedParameters(count: 3)
        #expect(throws: ParameterError.countMismatch(expected: 3, got: 2)) { try x.copyIn([1, 2]) }
        #expect(throws: ParameterError.self) { try x.copyIn([1, .nan, 3]) }
        #expect(x.copyOut() == [0, 0, 0])
        try x.copyIn([1, 2, 3])
        #expect(x.copyOut() == [1, 2, 3])
    }

    @Test func viewsAddressRangesAndRejectOutOfBounds() throws {
        let x = try SharedParameters(count: 10)
        let view = try x.view(4..<7)
        view.store(5, at: 0)
        #expect(x[4] == 5)
        #expect(throws: ParameterError.rangeOutOfBounds(8..<12, count: 10)) { try x.view(8..<12) }
    }

    @Test func layoutSegmentsStartOnCacheLines() throws {
        var layout = ParameterLayout()
        let a = try layout.append("L", count: 5)
        let b = try layout.append("R", count: 20)
        #expect(a == 0..<5)
        #expect(b.lowerBound == 16)
        #expect(throws: ParameterError.duplicateSegment("L")) { try layout.append("L", count: 1) }
        let x = try SharedParameters(layout: layout)
        try x.view("R").store(2, at: 0)
        #expect(x[16] == 2)
        #expect(throws: ParameterError.unknownSegment("Q")) { try x.view("Q") }
    }

    @Test func companionBufferHasTheSameLayout() throws {
        var layout = ParameterLayout()
        try layout.append("w", count: 7)
        try layout.append("b", count: 1)
        let x = try SharedParameters(layout: layout)
        let state = try x.makeCompanion(initialValue: 1)
        #expect(state.layout == x.layout)
        #expect(state.count == x.count)
        #expect(state[x.layout.segments[1].range.lowerBound] == 1)
    }

    @Test func atomicAddRetriesFromAStaleValue() throws {
        let x = try SharedParameters(count: 1)
        x[0] = 10
        // The caller read 3 earlier; the add must still land on the current 10.
        x.memory.atomicAdd(1, at: 0, assuming: 3)
        #expect(x[0] == 11)
    }
}
