import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif

/// Parses an SVG file as XML and collects the `data-series` names of its series
/// groups; throws if the file is not well-formed.
public final class SVGInspector: NSObject, XMLParserDelegate {
    public private(set) var series: [String] = []
    public private(set) var root: String?

    public static func inspect(_ path: String) throws -> SVGInspector {
        let data = try Data(contentsOf: URL(fileURLWithPath: path))
        let parser = XMLParser(data: data)
        let inspector = SVGInspector()
        parser.delegate = inspector
        guard parser.parse() else {
            throw NSError(domain: "SVG", code: 1, userInfo: [NSLocalizedDescriptionKey: "\(path) is not well-formed XML: \(parser.parserError.map { "\($0)" } ?? "?")"])
        }
        return inspector
    }

    public func parser(_ parser: XMLParser, didStartElement elementName: String, namespaceURI: String?,
                qualifiedName: String?, attributes: [String: String] = [:]) {
        if root == nil { root = elementName }
        if elementName == "g", let name = attributes["data-series"] { series.append(name) }
    }
}
