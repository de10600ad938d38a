/// Which side of a street a range of house numbers covers.
public enum StreetParity: String, Sendable, Codable, CaseIterable {
    case all, odd, even

    /// Parses the code or the German word (`alle`, `ungerade`/`u`, `gerade`/`g`); empty means all.
    public init?(parsing text: String) {
        switch Normalizer.fold(text) {
        case "", "all", "alle": self = .all
        case "odd", "ungerade", "u", "ung": self = .odd
        case "even", "gerade", "g", "ger": self = .even
        default: return nil
        }
    }

    /// Whether a house number lies on this side.
    public func contains(_ number: Int) -> Bool {
        switch self {
        case .all: true
        case .odd: number % 2 != 0
        case .even: number % 2 == 0
        }
    }
}

/// One range of the city's street directory: a street (or part of it) and the ward it belongs to.
public struct StreetEntry: Sendable, Equatable {
    public var street: String
    /// First and last house number of the range; `nil` = open end.
    public var from: Int?
    public var to: Int?
    public var parity: StreetParity
    public var ward: Int
    public var district: String?

    public init(street: String, from: Int?, to: Int?, parity: StreetParity, ward: Int, district: String?) {
        self.street = street
        self.from = from
        self.to = to
        self.parity = parity
        self.ward = ward
        self.district = district
    }
}
