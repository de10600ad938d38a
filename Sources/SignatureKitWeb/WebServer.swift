import Foundation
import Hummingbird
import HummingbirdTLS
import NIOCore
import SignatureKit

/// How sig-web listens: plain HTTP on loopback, HTTPS with a certificate, or plain HTTP behind a TLS proxy.
public enum WebServer {
    /// Where the server may bind: loopback always; another address only with TLS or behind a proxy.
    public static func checkAddress(_ host: String, tls: Bool, behindProxy: Bool) throws {
        let loopback = ["127.0.0.1", "::1", "localhost"].contains(host)
        guard loopback || tls || behindProxy else {
            throw SignatureKitError.invalidField(
                field: "--host", reason: "andere Adressen als 127.0.0.1 nur mit --tls-cert/--tls-key oder hinter einem TLS-Proxy (--behind-proxy)")
        }
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

    /// The application for `web`: HTTPS when `tls` is given, else HTTP; each request logged without personal data.
    public static func application(
        _ web: WebApp, host: String, port: Int, tls: TLSConfiguration?,
        onServerRunning: @escaping @Sendable (any Channel) async -> Void = { _ in }
    ) throws -> some ApplicationProtocol {
        Application(
            router: web.router(logRequests: true), server: try tls.map { try .tls(.http1(), tlsConfiguration: $0) } ?? .http1(),
            configuration: .init(address: .hostname(host, port: port), serverName: "sig-web"), onServerRunning: onServerRunning)
    }
}
