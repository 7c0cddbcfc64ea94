// The test certificate of @async/loop-testing (CN=localhost, SANs localhost and 127.0.0.1), read
// from its fixtures: @async/loop's own tests cannot import the package built on top of it.
import { readFileSync } from 'node:fs';

const fixtures = new URL('../../loop-testing/fixtures/', import.meta.url);

/** The certificate, also what a client passes as `ca` to trust it. */
export const cert = readFileSync(new URL('localhost-cert.pem', fixtures), 'utf8');
/** Its private key. */
export const key = readFileSync(new URL('localhost-key.pem', fixtures), 'utf8');
