extension Rules {
    /// For a ward nomination the signer must live in that ward; for a district list in that district
    /// (KWahlG § 15 Abs. 2 S. 3). Without a street directory the ward stays unverified (warning).
    public static let wardOrDistrict: Rule = { input in
        let nomination = input.sheet.nomination
        guard nomination.kind == .ward || nomination.kind == .district else { return [] }
        let basis = nomination.kind == .ward ? "KWahlG NRW § 15 Abs. 2 S. 3" : "KWahlG NRW § 46a ff. (unbestätigt)"
        switch input.address {
        case .noDirectory:
            return [
                .init(
                    code: "ward-unverified", severity: .warning,
                    message: "Kein Straßenverzeichnis geladen: Wahlbezirk bzw. Stadtbezirk der Anschrift ungeprüft.",
                    basis: basis)
            ]
        case .unknownStreet:
            return [
                .init(
                    code: "ward-unverified", severity: .warning,
                    message: "Anschrift nicht im Straßenverzeichnis: Wahlbezirk bzw. Stadtbezirk ungeprüft.", basis: basis)
            ]
        case .found(let ward, let district):
            switch nomination {
            case .ward(let n) where n != ward:
                return [
                    .init(
                        code: "wrong-ward", severity: .error,
                        message: "Anschrift liegt in Wahlbezirk \(ward), nicht in Wahlbezirk \(n).", basis: basis)
                ]
            case .district(let name):
                guard let district else {
                    return [
                        .init(
                            code: "ward-unverified", severity: .warning,
                            message: "Straßenverzeichnis nennt keinen Stadtbezirk für diese Anschrift.", basis: basis)
                    ]
                }
                if Normalizer.nameKey(district) != Normalizer.nameKey(name) {
                    return [
                        .init(
                            code: "wrong-district", severity: .error,
                            message: "Anschrift liegt im Stadtbezirk \(district), nicht in \(name).", basis: basis)
                    ]
                }
                return []
            default:
                return []
            }
        }
    }
}
