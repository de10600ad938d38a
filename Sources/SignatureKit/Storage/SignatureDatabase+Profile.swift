import Foundation
import GRDB

extension SignatureDatabase {
    /// The campaign's profile (empty fields when nothing is set).
    public func profile() throws -> CampaignProfile {
        try read { db in
            guard let text = try MetaRecord.value(.profile, in: db) else { return CampaignProfile() }
            guard let profile = try? JSONDecoder().decode(CampaignProfile.self, from: Data(text.utf8)) else {
                throw SignatureKitError.unknownStoredValue(path: path, column: "profile")
            }
            return profile
        }
    }

    /// Stores the profile; every field is checked (no control characters, at most 200 characters).
    public func setProfile(_ profile: CampaignProfile, by user: String = loginName) throws {
        try profile.check(for: election)
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        let text = String(decoding: try encoder.encode(profile), as: UTF8.self)
        try write { db in
            try MetaRecord.set(.profile, text, in: db)
            try AuditRecord.append(db, user: user, action: "profile", sheets: [])
        }
    }
}

extension SignatureDatabase {
    /// The campaign's day: today, or for a demo campaign the day its fictitious sheets stand on (letters, lists and
    /// reports are dated with it).
    public func campaignDay() throws -> CalendarDay {
        try read { db in try MetaRecord.value(.demoDay, in: db).flatMap(CalendarDay.init(parsing:)) } ?? .today()
    }

    /// Marks the database as a demo campaign standing on `day`.
    func setDemoDay(_ day: CalendarDay) throws {
        try write { db in try MetaRecord.set(.demoDay, day.iso, in: db) }
    }
}
