/**
 * Python's `mixins._LoopBoundMixin`: a synchronization primitive is bound to the loop of the first
 * task that has to wait on it, and refuses to be waited on from another loop, since its futures
 * would then belong to a loop that is not running them.
 */
import { type EventLoop, InvalidStateError, getRunningLoop } from '@async/loop';

/** Base of the locks, events and queues: knows the loop they are bound to. */
export abstract class LoopBound {
  private _boundLoop: EventLoop | null = null;

  /**
   * The running loop, binding this object to it on first use.
   * @throws LoopStateError when no loop is running; InvalidStateError when bound to another loop.
   */
  protected _getLoop(): EventLoop {
    const loop = getRunningLoop();
    if (this._boundLoop === null) this._boundLoop = loop;
    else if (this._boundLoop !== loop) {
      throw new InvalidStateError(
        `${String(this)} is bound to a different event loop: create one per loop instead of sharing it`,
      );
    }
    return loop;
  }
}
