import { growthOf } from './region-year';

describe("the region benchmark's growth names", () => {
  it('names a figure by the exponent of its growth against the scale', () => {
    expect(growthOf(1.1, 10)).toBe('flat'); // k ≈ 0.04
    expect(growthOf(10, 10)).toBe('linear'); // k = 1
    expect(growthOf(25, 10)).toBe('linear'); // k ≈ 1.4
    expect(growthOf(100, 10)).toBe('worse'); // k = 2
    expect(growthOf(0.5, 10)).toBe('flat'); // it fell
  });
});
