import { directoryId } from './directory-id';

describe('directoryId', () => {
  it('gives the same id for the same region, directory and key, so a re-run finds its aggregates', () => {
    expect(directoryId('organization', '63', '6321064750')).toBe(
      directoryId('organization', '63', '6321064750'),
    );
    expect(directoryId('organization', '63', '6321064750')).toMatch(
      /^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/,
    );
  });

  it('gives other ids for another region, another directory or another key', () => {
    const ids = new Set([
      directoryId('organization', '63', '6321064750'),
      directoryId('organization', '64', '6321064750'),
      directoryId('internship-site', '63', '6321064750'),
      directoryId('provider', '63', '6321064750'),
      directoryId('organization', '63', '6321064751'),
    ]);
    expect(ids.size).toBe(5);
  });

  it('is fixed for ever: a known key keeps its id', () => {
    expect(directoryId('municipality', '63', '36740000')).toBe(directoryId('municipality', '63', '36740000'));
    expect(directoryId('municipality', '63', '36740000')).toMatchInlineSnapshot(
      `"7d016aa9-41c7-5a7f-a3f6-89f7f3663fef"`,
    );
  });
});
