// Runs the networking conformance suite on every EventLoop implementation that has transports.
// Adding an implementation is one line in this list; `realKernel` adds the tests that need real
// sockets (TLS, UNIX sockets, DNS, IPv6, handle checks).
import { NodeEventLoop, type EventLoop } from '@async/loop';
import { VirtualEventLoop } from '@async/loop-testing';
import { describeNetworkingConformance, type NetworkingConformanceOptions } from '@async/loop-testing/conformance';

const implementations: Array<[string, () => EventLoop, NetworkingConformanceOptions]> = [
  ['NodeEventLoop', () => new NodeEventLoop(), { realKernel: true }],
  ['VirtualEventLoop', () => new VirtualEventLoop(), { realKernel: false }],
];

for (const [name, factory, options] of implementations) describeNetworkingConformance(name, factory, options);
