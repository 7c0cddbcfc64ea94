/**
 * The greenlet switch: two greenlets hand control to each other `n` times each
 * (`yield* other.switch(i)`), against the least a JavaScript switch can cost: two generators
 * driven by a hand-written trampoline that resumes whichever one the other yields; and, when
 * /usr/bin/python3 has the `greenlet` module, against the C greenlet doing the same on this
 * machine in the same run (the target: at least twice its rate).
 */
import { Greenlet } from '../async-greenlet.js';
import { type Comparison, type Variant, secondsSince } from '../harness.js';
import { pythonScriptVariant } from './python-script-variant.js';

/** The label of the C greenlet's variant, which the target names. */
const C_GREENLET = 'C greenlet ping-pong under CPython (/usr/bin/python3, same run)';

function greenletPingPong(switches: number): Variant {
  return {
    label: 'greenlet ping-pong (yield* other.switch())',
    side: 'ours',
    ops: switches,
    async sample() {
      const rounds = switches / 2;
      let seen = 0;
      // Declared before use: each body switches to the other.
      let pong: Greenlet | null = null;
      const ping = new Greenlet(function* () {
        for (let i = 0; i < rounds; i++) seen += (yield* pong!.switch(i)) as number;
      });
      pong = new Greenlet(function* () {
        for (;;) yield* ping.switch(1);
      });
      const start = performance.now();
      ping.switch();
      const seconds = secondsSince(start);
      pong.throw(); // GreenletExit ends the suspended one quietly
      if (seen !== rounds) throw new Error(`${this.label}: ${seen} round trips of ${rounds}`);
      return seconds;
    },
  };
}

function generatorPingPong(switches: number): Variant {
  return {
    label: 'generator ping-pong (hand-written trampoline)',
    side: 'raw',
    ops: switches,
    async sample() {
      const rounds = switches / 2;
      let seen = 0;
      type Party = Generator<Party | null, void, number>;
      const parties: { ping?: Party; pong?: Party } = {};
      parties.ping = (function* (): Party {
        for (let i = 0; i < rounds; i++) seen += yield parties.pong!;
        return;
      })();
      parties.pong = (function* (): Party {
        for (;;) yield parties.ping!;
      })();
      const start = performance.now();
      let current: Party | null = parties.ping;
      let value = 1;
      while (current !== null) {
        const step: IteratorResult<Party | null, void> = current.next(value);
        current = step.done ? null : step.value;
        value = 1;
      }
      const seconds = secondsSince(start);
      parties.pong.return();
      if (seen !== rounds) throw new Error(`${this.label}: ${seen} round trips of ${rounds}`);
      return seconds;
    },
  };
}

/**
 * The switch comparison, `switches` switches per sample (an even number); with `cGreenlet`, the
 * C greenlet's run of bench/python/greenlet_switch.py is one of the baselines.
 */
export function greenletSwitchComparisons(switches: number, cGreenlet: boolean): Comparison[] {
  const baselines = [generatorPingPong(switches)];
  if (cGreenlet) baselines.push(pythonScriptVariant(C_GREENLET, 'greenlet_switch.py', [String(switches)], switches));
  return [
    {
      id: 'greenlet-switch',
      title: `greenlet: ${switches.toLocaleString('en-US')} switches between two greenlets`,
      unit: 'switches/s',
      ours: greenletPingPong(switches),
      baselines,
      targets: cGreenlet ? [{ baseline: C_GREENLET, minRatio: 2, description: 'greenlet switch >= 2x the C greenlet on this machine' }] : [],
      anchors: [{ label: 'C greenlet switch ping-pong under CPython (ANCHORS.md, measured elsewhere)', rate: 7_400_000 }],
    },
  ];
}
