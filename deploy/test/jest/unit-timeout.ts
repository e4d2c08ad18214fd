// A spec that starts a whole service in memory takes 1–2 s on a quiet machine and more than jest's
// 5 s on two cores shared with the integration stacks starting beside it. A unit spec's limit only
// stops a hung test; it asserts no speed (the benchmarks do).
jest.setTimeout(20_000);
