// The core conformance suite, run on the loop the asyncio front gives a program:
// newEventLoop() (what run() and Runner use when no loopFactory is given).
import { newEventLoop } from '@async/asyncio';
import { describeEventLoopConformance } from '@async/loop-testing/conformance';

describeEventLoopConformance('asyncio newEventLoop()', () => newEventLoop());
