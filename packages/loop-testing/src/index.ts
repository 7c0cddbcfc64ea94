export { VirtualEventLoop, type VirtualEventLoopOptions } from './virtual-event-loop.js';
export { MemoryTransport } from './memory-transport.js';
export {
  connectProtocols,
  type ConnectProtocolsOptions,
  type MemoryAddress,
  type MemoryConnection,
} from './memory-connection.js';
export { DEFAULT_LINK, type MemoryLink, type MemoryLinkOptions } from './memory-channel.js';
export { MemoryServer } from './memory-server.js';
export {
  VirtualNetwork,
  type VirtualConnectionOptions,
  type VirtualNetworkOptions,
  type VirtualServerOptions,
} from './virtual-network.js';
// The conformance suites import vitest, so they live behind their own entry point,
// `@async/loop-testing/conformance`: this one stays usable without vitest.
export {
  testTlsCredentials,
  type TestTlsCredentials,
  TEST_CERTIFICATE_PATH,
  TEST_PRIVATE_KEY_PATH,
} from './test-certificate.js';
