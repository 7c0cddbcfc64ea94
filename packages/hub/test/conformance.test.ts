// The hub is an EventLoop: the shared suite runs on hubs hosted on the virtual and the Node loop.
import { NodeEventLoop } from '@async/loop';
import { VirtualEventLoop } from '@async/loop-testing';
import { describeEventLoopConformance } from '@async/loop-testing/conformance';
import { Hub } from '@async/hub';

describeEventLoopConformance('Hub on VirtualEventLoop', () => new Hub(new VirtualEventLoop()), {
  burnTime: (hub, s) => (hub.loop as VirtualEventLoop).jump(s),
  clockResolution: 0,
});
describeEventLoopConformance('Hub on NodeEventLoop', () => new Hub(new NodeEventLoop()));
