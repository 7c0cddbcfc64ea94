import { type Reactor } from './reactor.js';
/** Runs `main` on `reactor` (default: the default reactor) and resolves with the exit code. */
export declare function react<A extends unknown[]>(main: (reactor: Reactor, ...argv: A) => unknown, argv?: A, reactor?: Reactor): Promise<number>;
//# sourceMappingURL=react.d.ts.map