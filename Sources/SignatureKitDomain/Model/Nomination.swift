/// The kind of a nomination (*Wahlvorschlag*): a person may support each kind once.
public enum NominationKind: String, Sendable, Codable, CaseIterable {
    case ward, list, mayor, district
    /// A constituency (*Wahlkreis*) of the Bundestag or the Landtag: its Kreiswahlvorschlag.
    case constituency

    /// The German name used in messages and reports.
    public var germanName: String {
        switch self {
        case .ward: "Wahlbezirk"
        case .list: "Reserveliste"
        case .mayor: "Oberbürgermeister"
        case .district: "Bezirksvertretung"
        case .constituency: "Wahlkreis"
        }
    }
}

/// Which nomination a sheet supports: `ward:12`, `list`, `mayor`, `district:Nord`.
public enum NominationID: Hashable, Sendable, Comparable, CustomStringConvertible {
    case ward(Int)
    case list
    case mayor
    case district(String)
    /// A constituency (*Wahlkreis*) of the Bundestag or the Landtag: `constituency:112`.
    case constituency(Int)

    /// Parses the textual form (case-insensitive): the codes `ward:12`, `list`, `mayor`, `district:Nord`; a bare ward
    /// number (`12`); the German labels this type prints (`Wahlbezirk 12`, `Reserveliste`, `Oberbürgermeister/in`,
    /// `Bezirksvertretung Nord`) and short forms (`wb:12`, `WB12`, `liste`, `OB`, `bv:Nord`). Returns `nil` for anything else.
    public init?(_ text: String) {
        let t = text.trimmedASCII
        guard !t.isEmpty, t.utf8.count <= 200 else { return nil }
        let lower = t.lowercased()
        // A bare ward number.
        if let n = Int(lower), n > 0, lower.utf8.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }) {
            self = .ward(n)
            return
        }
        // "ward:12", "Wahlbezirk 12", "WB12", "Wahlbezirk 12 – Bockum" (a label with the ward's name).
        if let n = Self.numbered(lower, heads: ["wahlbezirk", "ward", "wb"]) {
            self = .ward(n)
            return
        }
        // "constituency:112", "Wahlkreis 112", "wk:112".
        if let n = Self.numbered(lower, heads: ["constituency", "wahlkreis", "wk"]) {
            self = .constituency(n)
            return
        }
        // "district:Nord", "Bezirksvertretung Nord", "bv:Nord".
        for head in ["bezirksvertretung", "stadtbezirk", "district", "bezirk", "bv"] where lower.hasPrefix(head) {
            let rest = t.dropFirst(head.count)
            guard let first = rest.first, first == ":" || first == " " else { continue }
            let name = String(rest.drop { $0 == " " || $0 == ":" }).trimmedASCII
            guard !name.isEmpty else { return nil }
            self = .district(name)
            return
        }
        switch lower {
        case "list", "reserveliste", "liste", "landesliste": self = .list
        case "mayor", "ob", "oberbuergermeister", "oberbürgermeister", "oberbürgermeister/in", "oberbürgermeisterin",
            "oberbuergermeister/in", "oberbuergermeisterin", "buergermeister", "bürgermeister", "bürgermeister/in",
            "bürgermeisterin", "buergermeister/in", "buergermeisterin":
            self = .mayor
        default: return nil
        }
    }

    /// The number after one of `heads` ("wahlbezirk 12", "ward:12", "wb12 – bockum"): digits, then nothing, a dash or a
    /// parenthesis. `nil` when the text does not start so.
    private static func numbered(_ lower: String, heads: [String]) -> Int? {
        for head in heads where lower.hasPrefix(head) {
            let rest = lower.dropFirst(head.count).drop { $0 == " " || $0 == ":" }
            let digits = rest.prefix { $0.isASCII && $0.isNumber }
            guard !digits.isEmpty, let n = Int(digits), n > 0 else { return nil }
            let tail = rest.dropFirst(digits.count).trimmingCharacters(in: .whitespaces)
            guard tail.isEmpty || tail.hasPrefix("–") || tail.hasPrefix("-") || tail.hasPrefix("(") else { return nil }
            return n
        }
        return nil
    }

    public var kind: NominationKind {
        switch self {
        case .ward: .ward
        case .list: .list
        case .mayor: .mayor
        case .district: .district
        case .constituency: .constituency
        }
    }

    /// `ward:12`, `list`, `mayor`, `district:Nord`: the stored and scripted form.
    public var description: String {
        switch self {
        case .ward(let n): "ward:\(n)"
        case .list: "list"
        case .mayor: "mayor"
        case .district(let name): "district:\(name)"
        case .constituency(let n): "constituency:\(n)"
        }
    }

    /// A German label: "Wahlbezirk 12", "Reserveliste", "Oberbürgermeister/in", "Bezirksvertretung Nord".
    public var germanLabel: String {
        switch self {
        case .ward(let n): "Wahlbezirk \(n)"
        case .list: "Reserveliste"
        case .mayor: "Oberbürgermeister/in"
        case .district(let name): "Bezirksvertretung \(name)"
        case .constituency(let n): "Wahlkreis \(n)"
        }
    }

    private var order: (Int, Int, String) {
        switch self {
        case .ward(let n): (0, n, "")
        case .list: (1, 0, "")
        case .mayor: (2, 0, "")
        case .district(let s): (3, 0, s)
        case .constituency(let n): (4, n, "")
        }
    }

    public static func < (a: NominationID, b: NominationID) -> Bool { a.order < b.order }
}

extension NominationID: Codable {
    /// Decodes the textual form (`ward:12`); anything else is a decoding error.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        let text = try container.decode(String.self)
        guard let n = NominationID(text) else {
            throw DecodingError.dataCorruptedError(in: container, debugDescription: "unbekannter Wahlvorschlag \(quote(text))")
        }
        self = n
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }
}
