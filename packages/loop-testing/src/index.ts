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
export { describeEventLoopConformance } from './conformance/describe-event-loop-conformance.js';
export type { ConformanceOptions } from './conformance/suite-context.js';
export {
  describeNetworkingConformance,
  type NetworkingConformanceOptions,
} from './conformance/networking.js';
export {
  testTlsCredentials,
  type TestTlsCredentials,
  TEST_CERTIFICATE_PATH,
  TEST_PRIVATE_KEY_PATH,
} from './test-certificate.js';
