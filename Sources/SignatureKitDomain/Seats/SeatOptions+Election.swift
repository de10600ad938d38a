extension SeatOptions {
    /// The seat rules of an election's data: method with its legal date, threshold, even-size practice and majority
    /// clause; for a district council (Bezirksvertretung) its size and threshold.
    ///
    /// - Returns: The options and a German sentence naming where they come from.
    public static func from(_ e: Election, districtCouncil: Bool = false) -> (options: SeatOptions, source: String) {
        let rules = e.seatAllocation.value
        let size = districtCouncil ? (e.districtCouncilSize?.value ?? e.councilSize.value) : e.councilSize.value
        var o = SeatOptions(councilSize: size, method: rules.method)
        o.threshold = districtCouncil ? (e.districtCouncilThreshold?.value ?? 2.5) : rules.threshold
        o.evenEnlargedSize = rules.evenEnlargedSize
        o.majorityBonus = rules.majorityBonus
        o.hasWards = !districtCouncil
        if let reading = e.recountParticipation {
            o.recountAllLists = reading.value == .allLists
            o.recountSource = "\(reading.basis); \(reading.source)" + (reading.confirmed ? "" : "; unbestätigt")
        }
        let legalDate = CalendarDay(parsing: rules.legalDate)?.german ?? rules.legalDate
        let source =
            "Verfahren laut Wahldaten \(e.id): \(rules.method.germanName), \(e.seatAllocation.basis), Rechtsstand \(legalDate)"
        return (o, source)
    }
}
