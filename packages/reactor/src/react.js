/**
 * `react(main)`: Twisted's `task.react` — run the reactor, call `main(reactor, ...argv)`, and
 * stop the reactor when its Deferred (or promise) fires. Where Twisted exits the process, the
 * returned promise resolves with the exit code: 0 on success, 1 on failure (reported through
 * the loop's exception handler).
 */
import { InvalidArgumentError, describeValue } from '@async/loop';
import { maybeDeferred } from './maybe-deferred.js';
import { reactor as defaultReactor } from './reactor.js';
import { ReactorNotRunning } from './errors.js';
/** Runs `main` on `reactor` (default: the default reactor) and resolves with the exit code. */
export async function react(main, argv = [], reactor = defaultReactor) {
    if (typeof main !== 'function') {
        throw new InvalidArgumentError(`react(main) must be a function, got ${describeValue(main)}`);
    }
    let code = 0;
    reactor.callWhenRunning(() => {
        maybeDeferred(main, reactor, ...argv)
            .addErrback((failure) => {
            code = 1;
            reactor.callExceptionHandler({ message: 'main function encountered error', exception: failure.value });
        })
            .addBoth(() => {
            try {
                reactor.stop();
            }
            catch (error) {
                // main() may have stopped the reactor itself already.
                if (!(error instanceof ReactorNotRunning))
                    throw error;
            }
        });
    });
    await reactor.run();
    return code;
}
//# sourceMappingURL=react.js.map