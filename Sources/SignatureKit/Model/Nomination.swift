/// The kind of a nomination (*Wahlvorschlag*): a person may support each kind once.
public enum NominationKind: String, Sendable, Codable, CaseIterable {
    case ward, list, mayor, district

    /// The German name used in messages and reports.
    public var germanName: String {
        switch self {
        case .ward: "Wahlbezirk"
        case .list: "Reserveliste"
        case .mayor: "Oberbürgermeister"
        case .district: "Bezirksvertretung"
        }
    }
}

/// Which nomination a sheet supports: `ward:12`, `list`, `mayor`, `district:Nord`.
public enum NominationID: Hashable, Sendable, Comparable, CustomStringConvertible {
    case ward(Int)
    case list
    case mayor
    case district(String)

    /// Parses the textual form (case-insensitive; German `wahlbezirk:12`, `reserveliste`,
    /// `ob`/`buergermeister`, `bezirk:Nord` also accepted). Returns `nil` for anything else.
    public init?(_ text: String) {
        let t = text.trimmedASCII
        let lower = t.lowercased()
        if let colon = t.firstIndex(of: ":") {
            let head = String(lower[..<colon]).trimmedASCII
            let tail = String(t[t.index(after: colon)...]).trimmedASCII
            switch head {
            case "ward", "wahlbezirk", "wb":
                guard let n = Int(tail), n > 0 else { return nil }
                self = .ward(n)
            case "district", "bezirk", "stadtbezirk", "bv":
                guard !tail.isEmpty else { return nil }
                self = .district(tail)
            default: return nil
            }
        } else {
            switch lower {
            case "list", "reserveliste", "liste": self = .list
            case "mayor", "ob", "oberbuergermeister", "oberbürgermeister", "buergermeister", "bürgermeister":
                self = .mayor
            default: return nil
            }
        }
    }

    public var kind: NominationKind {
        switch self {
        case .ward: .ward
        case .list: .list
        case .mayor: .mayor
        case .district: .district
        }
    }

    /// `ward:12`, `list`, `mayor`, `district:Nord`: the stored and scripted form.
    public var description: String {
        switch self {
        case .ward(let n): "ward:\(n)"
        case .list: "list"
        case .mayor: "mayor"
        case .district(let name): "district:\(name)"
        }
    }

    /// A German label: "Wahlbezirk 12", "Reserveliste", "Oberbürgermeister", "Bezirksvertretung Nord".
    public var germanLabel: String {
        switch self {
        case .ward(let n): "Wahlbezirk \(n)"
        case .list: "Reserveliste"
        case .mayor: "Oberbürgermeister"
        case .district(let name): "Bezirksvertretung \(name)"
        }
    }

    private var order: (Int, Int, String) {
        switch self {
        case .ward(let n): (0, n, "")
        case .list: (1, 0, "")
        case .mayor: (2, 0, "")
        case .district(let s): (3, 0, s)
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
