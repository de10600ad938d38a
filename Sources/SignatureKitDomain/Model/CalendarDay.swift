import Foundation

/// A calendar day without time or time zone, as written on a paper form.
///
/// Parses `14.09.2025` and `2025-09-14`; prints the German form (`14.09.2025`) for people
/// and the ISO form (`2025-09-14`) for storage, where it sorts correctly as text.
public struct CalendarDay: Hashable, Comparable, Sendable, Codable, CustomStringConvertible {
    public let year: Int
    public let month: Int
    public let day: Int

    /// Creates a day, or `nil` when the date does not exist (31.02., 29.02. outside leap years).
    public init?(year: Int, month: Int, day: Int) {
        guard (1...9999).contains(year), (1...12).contains(month),
            (1...CalendarDay.daysIn(month: month, year: year)).contains(day)
        else { return nil }
        self.year = year
        self.month = month
        self.day = day
    }

    /// Parses `TT.MM.JJJJ` (also `T.M.JJJJ`) or `JJJJ-MM-TT`; `nil` for anything else.
    public init?(parsing text: String) {
        // Byte-level parser: this runs several times per imported row.
        var parts: [Int] = []
        var widths: [Int] = []
        var current = 0
        var width = 0
        var separator: UInt8 = 0
        for byte in text.trimmedASCII.utf8 {
            switch byte {
            case 0x30...0x39:
                current = current * 10 + Int(byte - 0x30)
                width += 1
                if width > 4 { return nil }
            case 0x2E, 0x2D:  // . or -
                if separator == 0 { separator = byte } else if separator != byte { return nil }
                guard width > 0 else { return nil }
                parts.append(current)
                widths.append(width)
                current = 0
                width = 0
            default:
                return nil
            }
        }
        guard width > 0 else { return nil }
        parts.append(current)
        widths.append(width)
        guard parts.count == 3 else { return nil }
        if separator == 0x2E {
            guard widths[2] == 4, widths[0] <= 2, widths[1] <= 2 else { return nil }
            self.init(year: parts[2], month: parts[1], day: parts[0])
        } else {
            guard widths[0] == 4, widths[1] == 2, widths[2] == 2 else { return nil }
            self.init(year: parts[0], month: parts[1], day: parts[2])
        }
    }

    /// How a two-digit year (`12.03.80`) is read: the century is not written, so it follows from what the date is.
    public enum TwoDigitYear: Sendable, Equatable {
        /// A birth date: the century that gives an age of 0–99 on election day.
        case birth(electionDay: CalendarDay)
        /// A signing date: 20JJ.
        case signing
    }

    /// The one parser for dates as people type them (page, API, CSV, CLI): `TT.MM.JJJJ` (also `T.M.JJJJ`),
    /// `JJJJ-MM-TT`, `TTMMJJJJ` and `TT.MM.JJ`, the two-digit year read as `twoDigitYear` says. `nil` for anything else
    /// and for dates that do not exist.
    public init?(typed text: String, twoDigitYear: TwoDigitYear) {
        let t = text.trimmedASCII
        if let day = CalendarDay(parsing: t) {
            self = day
            return
        }
        let bytes = Array(t.utf8)
        let isDigit = { (b: UInt8) in b >= 0x30 && b <= 0x39 }
        if bytes.count == 8, bytes.allSatisfy(isDigit) {
            // TTMMJJJJ
            let n = bytes.map { Int($0 - 0x30) }
            self.init(year: n[4] * 1000 + n[5] * 100 + n[6] * 10 + n[7], month: n[2] * 10 + n[3], day: n[0] * 10 + n[1])
            return
        }
        // T.M.JJ / TT.MM.JJ
        let parts = t.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0].count <= 2, parts[1].count <= 2, parts[2].count == 2,
            parts.allSatisfy({ !$0.isEmpty && $0.utf8.allSatisfy(isDigit) }), let d = Int(parts[0]), let m = Int(parts[1]),
            let y = Int(parts[2])
        else { return nil }
        switch twoDigitYear {
        case .signing:
            self.init(year: 2000 + y, month: m, day: d)
        case .birth(let electionDay):
            // Exactly one century gives an age of 0 to 99 on election day (a range of 100 consecutive years).
            let base = (electionDay.year / 100) * 100 + y
            for year in [base + 100, base, base - 100, base - 200] {
                // 29.02. exists only in some of the centuries.
                if let candidate = CalendarDay(year: year, month: m, day: d), (0...99).contains(candidate.age(on: electionDay)) {
                    self = candidate
                    return
                }
            }
            return nil
        }
    }

    /// Whole years from this (birth) day to `day`.
    public func age(on day: CalendarDay) -> Int {
        day.year - year - ((day.month, day.day) < (month, self.day) ? 1 : 0)
    }

    public static func isLeap(_ year: Int) -> Bool { (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 }

    public static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: isLeap(year) ? 29 : 28
        case 4, 6, 9, 11: 30
        default: 31
        }
    }

    /// `2025-09-14`: the storage form.
    public var iso: String { "\(Self.digits(year, 4))-\(Self.digits(month, 2))-\(Self.digits(day, 2))" }
    /// `14.09.2025`: the form people read.
    public var german: String { "\(Self.digits(day, 2)).\(Self.digits(month, 2)).\(Self.digits(year, 4))" }

    private static func digits(_ n: Int, _ width: Int) -> String {
        let s = String(n)
        return s.count >= width ? s : String(repeating: "0", count: width - s.count) + s
    }
    public var description: String { german }

    /// Days since 1970-01-01 (proleptic Gregorian), for day arithmetic.
    public var dayNumber: Int {
        // Howard Hinnant's days_from_civil.
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let mp = (month + 9) % 12
        let doy = (153 * mp + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146097 + doe - 719468
    }

    /// The day with the given day number (inverse of ``dayNumber``).
    public init(dayNumber z0: Int) {
        let z = z0 + 719468
        let era = (z >= 0 ? z : z - 146096) / 146097
        let doe = z - era * 146097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp < 10 ? mp + 3 : mp - 9
        self.year = yoe + era * 400 + (m <= 2 ? 1 : 0)
        self.month = m
        self.day = d
    }

    /// The day `days` later (earlier when negative); saturates far beyond any election instead of trapping.
    public func adding(days: Int) -> CalendarDay {
        let limit = 3_000_000  // about 8,000 years either way
        let (sum, overflow) = dayNumber.addingReportingOverflow(days)
        return CalendarDay(dayNumber: overflow ? (days > 0 ? limit : -limit) : min(max(sum, -limit), limit))
    }

    /// The same day `months` later; the 31st becomes the last day of a shorter month.
    public func adding(months: Int) -> CalendarDay {
        let total = year * 12 + (month - 1) + min(max(months, -120_000), 120_000)
        let y = total / 12
        let m = total % 12 + 1
        return CalendarDay(year: y, month: m, day: min(day, CalendarDay.daysIn(month: m, year: y))) ?? self
    }

    /// The same day `years` years earlier; 29.02. becomes 28.02. in a common year.
    public func subtracting(years: Int) -> CalendarDay {
        let y = year - years
        return CalendarDay(year: y, month: month, day: min(day, CalendarDay.daysIn(month: month, year: y)))
            ?? self
    }

    /// Whole days from `self` to `other` (positive when `other` is later).
    public func days(until other: CalendarDay) -> Int { other.dayNumber - dayNumber }

    /// Day and month swapped (`03.04.1980` → `04.03.1980`), when that is another valid date.
    public var swappedDayMonth: CalendarDay? {
        guard day != month else { return nil }
        return CalendarDay(year: year, month: day, day: month)
    }

    /// Today in the given time zone (Europe/Berlin by default).
    public static func today(in timeZone: TimeZone = TimeZone(identifier: "Europe/Berlin") ?? .current) -> CalendarDay {
        var cal = Calendar(identifier: .gregorian)
        cal.timeZone = timeZone
        let c = cal.dateComponents([.year, .month, .day], from: Date())
        return CalendarDay(year: c.year ?? 1970, month: c.month ?? 1, day: c.day ?? 1) ?? CalendarDay(dayNumber: 0)
    }

    public static func < (a: CalendarDay, b: CalendarDay) -> Bool { (a.year, a.month, a.day) < (b.year, b.month, b.day) }

    public init(from decoder: any Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        guard let day = CalendarDay(parsing: text) else {
            throw DecodingError.dataCorrupted(
                .init(codingPath: decoder.codingPath, debugDescription: "Kein gültiges Datum: \(text)"))
        }
        self = day
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.singleValueContainer()
        try c.encode(iso)
    }
}
