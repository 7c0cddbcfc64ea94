export { VirtualEventLoop, type VirtualEventLoopOptions } from './virtual-event-loop.js';
