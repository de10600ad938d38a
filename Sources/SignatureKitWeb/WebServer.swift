import Foundation
import Hummingbird
import HummingbirdCore
import HummingbirdTLS
import NIOCore
import SignatureKit

/// How sig-web listens: plain HTTP on loopback, HTTPS with a certificate, or plain HTTP behind a TLS proxy.
/// The TLS settings of an HTTPS server (swift-nio-ssl's), named for the programs that serve.
public typealias WebTLS = TLSConfiguration

public enum WebServer {
    /// Where the server may bind: loopback always; another address only with TLS. Plain HTTP behind a proxy stays on
    /// loopback (the proxy runs on the same machine): passwords never cross a network in clear.
    public static func checkAddress(_ host: String, tls: Bool) throws {
        let loopback = ["127.0.0.1", "::1", "localhost"].contains(host)
        guard loopback || tls else {
            throw SignatureKitError.invalidField(
                field: "--host",
                reason: "ohne --tls-cert/--tls-key nur 127.0.0.1 (ein TLS-Proxy wie nginx oder Caddy läuft auf derselben Maschine: --behind-proxy)")
        }
    }

    /// The proxies whose `X-Forwarded-For` is believed: the given addresses, each checked; loopback when none is given.
    public static func trustedProxies(_ given: [String], behindProxy: Bool) throws -> [String] {
        guard behindProxy || !given.isEmpty else { return [] }
        for address in given where !isIPAddress(address) {
            throw SignatureKitError.invalidField(field: "--trusted-proxy", reason: "„\(address)“ ist keine IP-Adresse (z. B. 127.0.0.1)")
        }
        return given.isEmpty ? ["127.0.0.1", "::1"] : given
    }

    static func isIPAddress(_ text: String) -> Bool {
        var v4 = in_addr()
        var v6 = in6_addr()
        return inet_pton(AF_INET, text, &v4) == 1 || inet_pton(AF_INET6, text, &v6) == 1
    }

    /// The TLS settings from a PEM certificate chain and its PEM private key; German errors naming the file.
    public static func tlsConfiguration(certificate: String, key: String) throws -> TLSConfiguration {
        for path in [certificate, key] where !FileManager.default.isReadableFile(atPath: path) {
            throw SignatureKitError.fileNotFound(path)
        }
        let chain: [NIOSSLCertificate]
        do { chain = try NIOSSLCertificate.fromPEMFile(certificate) } catch {
            throw SignatureKitError.invalidField(field: "--tls-cert", reason: "„\(certificate)“ ist kein Zertifikat im PEM-Format")
        }
        guard !chain.isEmpty else {
            throw SignatureKitError.invalidField(field: "--tls-cert", reason: "„\(certificate)“ enthält kein Zertifikat")
        }
        let privateKey: NIOSSLPrivateKey
        do { privateKey = try NIOSSLPrivateKey(file: key, format: .pem) } catch {
            throw SignatureKitError.invalidField(field: "--tls-key", reason: "„\(key)“ ist kein privater Schlüssel im PEM-Format")
        }
        return TLSConfiguration.makeServerConfiguration(certificateChain: chain.map { .certificate($0) }, privateKey: .privateKey(privateKey))
    }

    /// Seconds after which a connection that sends nothing is closed.
    public static let idleSeconds: Int64 = 30

    /// The application for `web`: HTTPS when `tls` is given, else HTTP; each request logged without personal data.
    public static func application(
        _ web: WebApp, host: String, port: Int, tls: TLSConfiguration?, maxConnections: Int = 1000, idleTimeout: TimeAmount = .seconds(idleSeconds),
        onServerRunning: @escaping @Sendable (any Channel) async -> Void = { _ in }
    ) throws -> some ApplicationProtocol {
        try application(
            responder: web.router(logRequests: true).buildResponder(), host: host, port: port, tls: tls, maxConnections: maxConnections,
            idleTimeout: idleTimeout, onServerRunning: onServerRunning)
    }

    /// The application for any responder of the team's context (one campaign's routes, or a ``CampaignHost``).
    public static func application<Responder: HTTPResponder>(
        responder: Responder, host: String, port: Int, tls: TLSConfiguration?, maxConnections: Int = 1000,
        idleTimeout: TimeAmount = .seconds(idleSeconds), onServerRunning: @escaping @Sendable (any Channel) async -> Void = { _ in }
    ) throws -> some ApplicationProtocol where Responder.Context == WebContext {
        // A silent or trickling connection is closed after 30 s (it would otherwise hold a descriptor forever), and no
        // more than `maxConnections` are served at once (a flood of connections cannot use up the descriptors).
        let limit = ConnectionLimit(maximum: maxConnections)
        let http = HTTP1Channel.Configuration(additionalChannelHandlers: [ConnectionLimiter(limit)], idleTimeout: idleTimeout)
        return Application(
            responder: responder,
            server: try tls.map { try .tls(.http1(configuration: http), tlsConfiguration: $0) } ?? .http1(configuration: http),
            configuration: .init(address: .hostname(host, port: port), serverName: "sig-web"), onServerRunning: onServerRunning)
    }
}

/// The number of open connections, shared by every connection's ``ConnectionLimiter``.
final class ConnectionLimit: @unchecked Sendable {
    let maximum: Int
    private var open = 0
    private let lock = NSLock()

    init(maximum: Int) { self.maximum = maximum }

    /// Counts a new connection; `false` when the limit is reached (the connection is then closed at once).
    func enter() -> Bool {
        lock.lock()
        defer { lock.unlock() }
        guard open < maximum else { return false }
        open += 1
        return true
    }

    func leave() {
        lock.lock()
        open -= 1
        lock.unlock()
    }

    var count: Int {
        lock.lock()
        defer { lock.unlock() }
        return open
    }
}

/// Closes a connection beyond the limit; counts the others while they are open.
final class ConnectionLimiter: ChannelInboundHandler, RemovableChannelHandler, @unchecked Sendable {
    typealias InboundIn = NIOAny
    let limit: ConnectionLimit
    private var counted = false

    init(_ limit: ConnectionLimit) { self.limit = limit }

    func handlerAdded(context: ChannelHandlerContext) {
        counted = limit.enter()
        if !counted { context.close(promise: nil) }
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        if counted { limit.leave() }
        counted = false
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) { context.fireChannelRead(data) }
}
