/// What an account may do in the team's web server (enforced there on every route).
public enum AccountRole: String, Sendable, Codable, CaseIterable {
    /// Enters sheets; sees and corrects their own entries, never another person's names.
    case volunteer
    /// Everything a volunteer can, plus progress, findings, review (with names, each read recorded), status changes.
    case organizer
    /// An organizer's views plus submission and certification lists with names.
    case board
    /// Accounts.
    case admin

    public var germanName: String {
        switch self {
        case .volunteer: "Sammler/in"
        case .organizer: "Organisation"
        case .board: "Vorstand"
        case .admin: "Verwaltung"
        }
    }

    /// Whether the role reads signers' names (review, submission list). Such accounts are not made, promoted or given
    /// a new password by the web's account administration (accounts only, no names): that is done where the database
    /// lives (`sig-cli user …`), by whoever holds the campaign's data.
    public var seesNames: Bool { self == .organizer || self == .board }

    /// Why the web's account administration may not do this, or `nil` when it may.
    public static func webAdministrationRefusal(adding role: AccountRole? = nil, changing existing: AccountRole? = nil) -> String? {
        if role?.seesNames == true || existing?.seesNames == true {
            return
                "Konten, die Namen sehen (Organisation, Vorstand), legt der Vorstand mit sig-cli user an oder ändert sie dort; die Verwaltung hier hat nur Konten ohne Namen."
        }
        return nil
    }
}
