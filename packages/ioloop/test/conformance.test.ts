// IOLoop is an EventLoop in its own right: the shared suite runs on IOLoops hosted on the virtual and the Node loop.
import { NodeEventLoop } from '@async/loop';
import { VirtualEventLoop } from '@async/loop-testing';
import { describeEventLoopConformance } from '@async/loop-testing/conformance';
import { IOLoop } from '@async/ioloop';

describeEventLoopConformance('IOLoop on VirtualEventLoop', () => new IOLoop({ loop: new VirtualEventLoop() }), {
  burnTime: (ioloop, s) => ((ioloop as IOLoop).asyncioLoop as VirtualEventLoop).jump(s),
  clockResolution: 0,
});
describeEventLoopConformance('IOLoop on NodeEventLoop', () => new IOLoop({ loop: new NodeEventLoop() }));
