import Foundation
import HTTPTypes
import Hummingbird
import NIOCore
import SignatureKit

/// What a role may do. Checked on the server for every route; the navigation shows only what is allowed.
public enum Permission: String, Sendable, CaseIterable {
    /// Enter sheets, see and correct one's own entries.
    case enter
    /// Progress, findings, the review queue (with names, each read recorded), status changes, the office's return file.
    case oversee
    /// Submission and certification lists with names.
    case submit
    /// Accounts.
    case manageAccounts
    /// The campaign's profile: the voter group, address, contact, signatory, candidates, public counter.
    case settings

    public func allows(_ role: AccountRole) -> Bool {
        switch self {
        case .enter: role != .admin
        case .oversee: role == .organizer || role == .board
        case .submit: role == .board
        case .manageAccounts: role == .admin
        case .settings: role == .board || role == .admin
        }
    }
}

/// One page of the web interface: its path, German title and who may open it.
public struct PageLink: Sendable, Encodable {
    public let path: String
    public let title: String
    let permission: Permission

    enum CodingKeys: String, CodingKey { case path, title }

    public static let all: [PageLink] = [
        .init(path: "/entry", title: "Erfassen", permission: .enter),
        .init(path: "/mine", title: "Meine Formblätter", permission: .enter),
        .init(path: "/progress", title: "Fortschritt", permission: .oversee),
        .init(path: "/review", title: "Prüfen", permission: .oversee),
        .init(path: "/status", title: "Status", permission: .oversee),
        .init(path: "/collectors", title: "Sammler/innen", permission: .oversee),
        .init(path: "/submission", title: "Einreichung", permission: .submit),
        .init(path: "/users", title: "Konten", permission: .manageAccounts),
        .init(path: "/profile", title: "Kampagne", permission: .settings),
    ]

    /// The pages a role may open, in the navigation's order.
    public static func pages(for role: AccountRole) -> [PageLink] { all.filter { $0.permission.allows(role) } }
}

/// The request context of sig-web: Hummingbird's, plus the connected address (for the lockout per address).
public struct WebContext: RequestContext, RemoteAddressRequestContext {
    public var coreContext: CoreRequestContextStorage
    public let remoteAddress: SocketAddress?

    public init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
        remoteAddress = source.channel.remoteAddress
    }
}

/// A request turned away: the response says why (JSON for the API, a redirect or page for pages).
struct Refusal: HTTPResponseError {
    let answer: Response
    init(_ answer: Response) { self.answer = answer }
    var status: HTTPResponse.Status { answer.status }
    func response(from request: Request, context: some RequestContext) throws -> Response { answer }
}

/// A form body (`application/x-www-form-urlencoded`): `+` is a space, the rest percent-decoded. Later keys win.
func formFields(_ text: String) -> [String: String] {
    var fields: [String: String] = [:]
    for pair in text.split(separator: "&", omittingEmptySubsequences: true) {
        let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
        let decode = { (s: Substring) in String(s).replacingOccurrences(of: "+", with: " ").removingPercentEncoding ?? "" }
        fields[decode(parts[0])] = parts.count > 1 ? decode(parts[1]) : ""
    }
    return fields
}
