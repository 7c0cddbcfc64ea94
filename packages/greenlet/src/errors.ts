/**
 * The greenlet errors. `GreenletError` is Python's `greenlet.error`, the family for switches the
 * greenlet tree cannot make; `GreenletExit` is the request to end a greenlet, which its parent
 * receives as a value rather than as an error. Bad argument types are `InvalidArgumentError`
 * from `@async/loop`, shared by every front.
 */

/**
 * A switch, throw or tree change that the greenlets cannot carry out (Python's
 * `greenlet.error`). The subclasses say which rule was broken.
 */
export class GreenletError extends Error {
  override name = 'GreenletError';
}

/**
 * A switch or throw aimed at a greenlet that has finished. Python quietly sends such a switch on
 * to the dead greenlet's parent; here it is an error, because the switch almost always means the
 * program lost track of which greenlets are alive. Check `gr.dead` first, or switch to
 * `gr.parent` if that is what you mean.
 */
export class DeadGreenletError extends GreenletError {
  override name = 'DeadGreenletError';
}

/**
 * A switch into, or a parent taken from, another trampoline: the JavaScript twin of Python's
 * "cannot switch to a different thread". Each trampoline is a separate greenlet tree with its own
 * main greenlet; a greenlet can only switch within its own tree.
 */
export class ForeignGreenletError extends GreenletError {
  override name = 'ForeignGreenletError';
}

/**
 * Setting `gr.parent` would make the parent chain a cycle (Python raises `ValueError: cyclic
 * parent chain`). A greenlet's parents must lead up to the main greenlet.
 */
export class CyclicParentError extends GreenletError {
  override name = 'CyclicParentError';
}

/**
 * Asks a greenlet to exit: `gr.throw()` raises it at the greenlet's switch point, where
 * `finally` blocks run. If the greenlet lets it escape, the greenlet dies and its parent receives
 * the `GreenletExit` object as the switch's *value*, not as an error.
 */
export class GreenletExit extends Error {
  override name = 'GreenletExit';
  constructor(message = 'the greenlet was asked to exit', options?: ErrorOptions) {
    super(message, options);
  }
}
