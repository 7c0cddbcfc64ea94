// The seed's greenlet_example.py, line for line: test1 prints 1, switches to test2, which prints
// 2 and switches back; test1 prints 3 and finishes, so control returns to the main greenlet and
// test2 never prints 4. Run it with `npx tsx --tsconfig tsconfig.tests.json examples/greenlet-example.ts`.
import { Greenlet } from '@async/greenlet';

function* test1() {
  console.log(1);
  yield* gr2.switch();
  console.log(3);
}

function* test2() {
  console.log(2);
  yield* gr1.switch();
  console.log(4);
}

const gr1 = new Greenlet(test1);
const gr2 = new Greenlet(test2);
gr1.switch();
