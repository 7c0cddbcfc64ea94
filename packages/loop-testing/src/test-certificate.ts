/**
 * A self-signed TLS certificate for `localhost` and `127.0.0.1` (valid until 2126) with its
 * private key, shipped in `fixtures/` for tests that need a TLS server. It protects nothing: the
 * key is public. Trust it on the client side with `tls: { ca: testTlsCredentials().cert }`.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** Path of the PEM certificate (subject `CN=localhost`, SANs `DNS:localhost`, `IP:127.0.0.1`). */
export const TEST_CERTIFICATE_PATH = fileURLToPath(new URL('../fixtures/localhost-cert.pem', import.meta.url));

/** Path of the certificate's PEM private key (RSA 2048, unencrypted). */
export const TEST_PRIVATE_KEY_PATH = fileURLToPath(new URL('../fixtures/localhost-key.pem', import.meta.url));

/** The certificate and key as PEM text, ready for `node:tls` options. */
export interface TestTlsCredentials {
  /** The certificate; also what a client passes as `ca` to trust it. */
  readonly cert: string;
  /** The private key. */
  readonly key: string;
}

let cached: TestTlsCredentials | null = null;

/** Reads the test certificate and key (once). */
export function testTlsCredentials(): TestTlsCredentials {
  cached ??= {
    cert: readFileSync(TEST_CERTIFICATE_PATH, 'utf8'),
    key: readFileSync(TEST_PRIVATE_KEY_PATH, 'utf8'),
  };
  return cached;
}
