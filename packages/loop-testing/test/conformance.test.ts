// Runs the conformance suite on every EventLoop implementation in the repository. Adding an
// implementation (or a front hosted on a loop) is one line in this list.
import { NodeEventLoop } from '@async/loop';
import { VirtualEventLoop } from '@async/loop-testing';
import { describeEventLoopConformance } from '@async/loop-testing/conformance';

const implementations: Array<() => void> = [
  () => describeEventLoopConformance('NodeEventLoop', () => new NodeEventLoop()),
  () => describeEventLoopConformance('VirtualEventLoop', () => new VirtualEventLoop(), { burnTime: (loop, s) => loop.jump(s), clockResolution: 0 }),
];

for (const register of implementations) register();
