import { BOUNDED_CONTEXTS, publicTopic } from './topics';

describe('public topics', () => {
  it('gives every context its own versioned topic', () => {
    const topics = BOUNDED_CONTEXTS.map(publicTopic);
    expect(topics).toContain('pk.vouchers.events.v1');
    expect(new Set(topics).size).toBe(BOUNDED_CONTEXTS.length);
  });
});
