import { portFromEnvironment } from './bootstrap';

describe('portFromEnvironment', () => {
  it('uses the default without PORT', () => {
    expect(portFromEnvironment(3103, {})).toBe(3103);
  });

  it('takes a valid PORT', () => {
    expect(portFromEnvironment(3103, { PORT: '8080' })).toBe(8080);
  });

  it.each(['0', '70000', 'abc', '80.5'])('refuses PORT=%s with a message', (raw) => {
    expect(() => portFromEnvironment(3103, { PORT: raw })).toThrow(
      `PORT must be an integer between 1 and 65535, got "${raw}"`,
    );
  });
});
