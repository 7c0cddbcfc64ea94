export { Greenlet, getcurrent, type GreenletRun, type GreenletBody, initOwnBody } from './greenlet.js';
export { Switch } from './switch.js';
export { Trampoline, settrace, gettrace, runningTrampoline, type TraceFunction, type YieldHandler } from './trampoline.js';
export { GreenletError, DeadGreenletError, ForeignGreenletError, CyclicParentError, GreenletExit } from './errors.js';
