// The seed's yield_from.py, line for line: `yield*` is PEP 380's `yield from`. b() delegates to
// a(), every value a() yields goes straight out to the for loop, and a()'s return value becomes
// the value of the `yield*` expression. Prints 1, 2, 3 and done_1, as the Python does.
// Run it with `npx tsx --tsconfig tsconfig.tests.json examples/yield-from.ts`.

function* a(): Generator<number, string> {
  yield 1;
  yield 2;
  yield 3;
  return 'done_1';
}

function* b(): Generator<number, string> {
  const done = yield* a();
  console.log(done);
  return 'done_b';
}

for (const i of b()) console.log(i);
