import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif

/// Parses an SVG file as XML and collects the `data-series` names of its series
/// groups; throws if the file is not well-formed.
final class SVGInspector: NSObject, XMLParserDelegate {
    private(set) var series: [String] = []
    private(set) var root: String?

    static func inspect(_ path: String) throws -> SVGInspector {
        let data = try Data(contentsOf: URL(fileURLWithPath: path))
        let parser = XMLParser(data: data)
        let inspector = SVGInspector()
        parser.delegate = inspector
        guard parser.parse() else {
            throw NSError(domain: "SVG", code: 1, userInfo: [NSLocalizedDescriptionKey: "\(path) is not well-formed XML: \(parser.parserError.map { "\($0)" } ?? "?")"])
        }
        return inspector
    }

    func parser(_ parser: XMLParser, didStartElement elementName: String, namespaceURI: String?,
                qualifiedName: String?, attributes: [String: String] = [:]) {
        if root == nil { root = elementName }
        if elementName == "g", let name = attributes["data-series"] { series.append(name) }
    }
}

/// A scratch directory removed when the value goes away.
final class Scratch {
    let path: String
    init() {
        path = FileManager.default.temporaryDirectory.appendingPathComponent("hogwild-tool-\(UUID().uuidString)").path
        try! FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    }
    deinit { try? FileManager.default.removeItem(atPath: path) }
    func file(_ name: String) -> String { path + "/" + name }
    func exists(_ name: String) -> Bool { FileManager.default.fileExists(atPath: file(name)) }
}
