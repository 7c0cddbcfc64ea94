/**
 * How a TLS client tells Node which name the server's certificate must match, shared by
 * `createConnection({ tls })` and `startTls()`. A host name goes out as SNI, which is also the
 * name Node checks; an IP address cannot be sent as SNI (RFC 6066), so the certificate is
 * checked against it through `checkServerIdentity` instead.
 */
import { isIP } from 'node:net';
import { type ConnectionOptions, type PeerCertificate, checkServerIdentity } from 'node:tls';

/** Sets `servername` or `checkServerIdentity` in `settings` so the certificate is checked against `name`. */
export function applyServerName(settings: ConnectionOptions, name: string): void {
  if (isIP(name) === 0) {
    settings.servername = name;
    return;
  }
  const check = settings.checkServerIdentity ?? checkServerIdentity;
  settings.checkServerIdentity = (_host: string, cert: PeerCertificate) => check(name, cert);
}
