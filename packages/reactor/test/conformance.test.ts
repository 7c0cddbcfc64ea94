// The reactor is an EventLoop: the shared suite runs on reactors hosted on the virtual and the Node loop.
import { NodeEventLoop } from '@async/loop';
import { VirtualEventLoop } from '@async/loop-testing';
import { describeEventLoopConformance } from '@async/loop-testing/conformance';
import { Reactor } from '@async/reactor';

describeEventLoopConformance('Reactor on VirtualEventLoop', () => new Reactor(new VirtualEventLoop(), { pep3156: true }), {
  burnTime: (reactor, s) => (reactor.loop as VirtualEventLoop).jump(s),
  clockResolution: 0,
});
describeEventLoopConformance('Reactor on NodeEventLoop', () => new Reactor(new NodeEventLoop(), { pep3156: true }));
