import Foundation
import Testing
import HogwildCore
import HogwildModels
@testable import HogwildExperiments

/// What results files say about a run reads back to the same values, in flat objects a
/// person (or a script) can read: `{"optimizer": "adam", "beta1": 0.9, …}`.
@Suite struct ResultCodingTests {
    func json<T: Encodable>(_ value: T) throws -> [String: Any] {
        try JSONSerialization.jsonObject(with: try ResultFiles.encoder().encode(value)) as! [String: Any]
    }

    func roundTrip<T: Codable & Equatable>(_ value: T) throws -> T {
        try ResultFiles.decoder().decode(T.self, from: try ResultFiles.encoder().encode(value))
    }

    @Test func optimizersAreANameBesideTheirSettings() throws {
        let adam = OptimizerChoice(Adam(beta1: 0.8, beta2: 0.99, epsilon: 1e-7, weightDecay: 0))
        let object = try json(adam)
        #expect(object["optimizer"] as? String == "adam")
        #expect((object["beta1"] as? Double).map { abs($0 - 0.8) < 1e-6 } == true)
        for optimizer in OptimizerCatalog.names.map({ try! OptimizerChoice(name: $0) }) + [adam] {
            #expect(try roundTrip(optimizer) == optimizer)
        }
    }

    @Test func schemesAreANameBesideTheirSettings() throws {
        let hot = SchemeChoice.hotReplicas(HotReplicaSettings(hotCoordinates: 32, mergeInterval: 8, merge: .relaxedStore))
        let object = try json(hot)
        #expect(object["scheme"] as? String == "hotReplicas" && object["mergeInterval"] as? Int == 8)
        #expect(try json(SchemeChoice.roundRobin).keys.sorted() == ["scheme"])
        for scheme in SchemeChoice.all + [hot] { #expect(try roundTrip(scheme) == scheme) }
    }

    @Test func workloadSpecsKeepTheirModelSettingsAndSource() throws {
        let specs = [
            WorkloadSpec(settings: .mc(.init(rank: 30, biases: true)), source: .synthetic(.netflix, scale: 0.05), testFraction: 0.1),
            WorkloadSpec(settings: .svm(LinearSettings(penalty: LinearRegularization(l2: 1e-3, l1: 1e-5))), source: .libsvm(path: "a.txt", test: "b.txt")),
            WorkloadSpec(settings: .cuts(GraphCutSettings(labels: 4)), source: .edges(path: "e.txt", terminals: "t.txt")),
            WorkloadSpec(kind: .leastSquares, source: .ratings(path: "r.txt", test: nil)),
        ]
        for spec in specs { #expect(try roundTrip(spec) == spec) }
        let object = try json(specs[0])
        #expect((object["model"] as? [String: Any])?["rank"] as? Int == 30)
        #expect((object["source"] as? [String: Any])?["synthetic"] as? String == "netflix")
    }

    @Test func divergedRunsStillWriteTheirResults() throws {
        let values = [Double.nan, .infinity, -.infinity, 1.5]
        let data = try ResultFiles.encoder().encode(values)
        let text = String(decoding: data, as: UTF8.self)
        #expect(text.contains("\"nan\"") && text.contains("\"-inf\""))
        let back = try ResultFiles.decoder().decode([Double].self, from: data)
        #expect(back[0].isNaN && back[1] == .infinity && back[2] == -.infinity && back[3] == 1.5)
    }
}
