import Foundation
import Testing

@testable import SignatureKit
@testable import SignatureKitWeb

/// The hosted campaign's answers with the app's absolute paths under `/c/ID/`, and hex digests: each in one pass, the
/// same as the Foundation calls they replace.
struct CampaignPrefixTests {
    /// The three replacements in turn, as the host did them before.
    static func inTurn(_ text: String, prefix: String) -> String {
        let escaped = prefix.replacingOccurrences(of: "/", with: "\\/")
        return text.replacingOccurrences(of: "\"/", with: "\"\(prefix)/").replacingOccurrences(of: "\"\\/", with: "\"\(escaped)\\/")
            .replacingOccurrences(of: "next=/", with: "next=\(prefix)/")
    }

    static func prefixed(_ text: String, _ prefix: String) -> String {
        String(decoding: CampaignHost.prefixed(Array(text.utf8), prefix: prefix), as: UTF8.self)
    }

    @Test("Links, script paths, escaped JSON paths and login targets get the campaign's prefix; nothing else changes")
    func examples() {
        let p = "/c/luks-2025"
        #expect(Self.prefixed(#"<a href="/entry">Erfassen</a>"#, p) == #"<a href="/c/luks-2025/entry">Erfassen</a>"#)
        #expect(Self.prefixed(#"{"next":"\/api\/sheets"}"#, p) == #"{"next":"\/c\/luks-2025\/api\/sheets"}"#)
        #expect(Self.prefixed(#"<a href="/login?next=/progress">"#, p) == #"<a href="/c/luks-2025/login?next=/c/luks-2025/progress">"#)
        #expect(Self.prefixed(#"Anmeldung "/" und next=x, a/b, "x/y""#, p) == #"Anmeldung "/c/luks-2025/" und next=x, a/b, "x/y""#)
        #expect(Self.prefixed(#"""#, p) == #"""#)
        #expect(Self.prefixed("", p).isEmpty)
    }

    @Test("One pass gives what the three replacements in turn give, for every short text of the characters that matter")
    func sameAsReplacing() {
        let pieces = ["\"", "/", "\\", "next=", "x", "="]
        var texts = [""]
        for _ in 0..<5 { texts = texts.flatMap { t in pieces.map { t + $0 } } }
        #expect(texts.count == 7_776)
        let differing = texts.filter { Self.prefixed($0, "/c/a-1") != Self.inTurn($0, prefix: "/c/a-1") }
        #expect(differing.isEmpty, "\(differing.prefix(3))")
    }

    @Test("Hex digits of every byte as String(format: \"%02x\") wrote them; a SHA-256 digest in 64 of them")
    func hex() {
        #expect(Hex.encode((0...255).map(UInt8.init)) == (0...255).map { String(format: "%02x", $0) }.joined())
        #expect(Hex.encode([UInt8]()) == "")
        #expect(AuditChain.hash(previous: "", at: "2025-05-01T10:00:00Z", user: "aylin", action: "entry", sheets: "F1").count == 64)
    }
}
