// The host table of the interop matrix: the loop every driver and waitable of a scenario is
// made on. Bare loops, each front hosted on the virtual loop, and a stack of fronts hosted on
// each other. Adding a host is one row.
import { type EventLoop, NodeEventLoop } from '@async/loop';
import { VirtualEventLoop } from '@async/loop-testing';
import { Reactor } from '@async/reactor';
import { IOLoop } from '@async/ioloop';
import { Hub } from '@async/hub';

/** A host: `make()` returns the loop scenarios run on and the bare loop at the bottom. */
export interface HostRow {
  name: string;
  make(): { host: EventLoop; base: EventLoop };
}

export const hosts: HostRow[] = [
  { name: 'NodeEventLoop', make: () => bare(new NodeEventLoop()) },
  { name: 'VirtualEventLoop', make: () => bare(new VirtualEventLoop()) },
  { name: 'Reactor on VirtualEventLoop', make: () => on(new VirtualEventLoop(), (l) => new Reactor(l)) },
  { name: 'IOLoop on VirtualEventLoop', make: () => on(new VirtualEventLoop(), (l) => new IOLoop({ loop: l })) },
  { name: 'Hub on VirtualEventLoop', make: () => on(new VirtualEventLoop(), (l) => new Hub(l)) },
  {
    name: 'IOLoop on Reactor on Hub on VirtualEventLoop',
    make: () => on(new VirtualEventLoop(), (l) => new IOLoop({ loop: new Reactor(new Hub(l)) })),
  },
];

function bare(loop: EventLoop): { host: EventLoop; base: EventLoop } {
  return { host: loop, base: loop };
}

function on(base: EventLoop, front: (loop: EventLoop) => EventLoop): { host: EventLoop; base: EventLoop } {
  return { host: front(base), base };
}
