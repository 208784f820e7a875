import { rfc3339 } from './rfc3339';

describe('rfc3339', () => {
  it('writes UTC with +00:00 and 0 or 3 fractional digits', () => {
    expect(rfc3339(1_769_604_341_231n)).toBe('2026-01-28T12:45:41.231+00:00');
    expect(rfc3339(1_769_604_341_000n)).toBe('2026-01-28T12:45:41+00:00');
    expect(rfc3339(1_769_604_341_010n)).toBe('2026-01-28T12:45:41.010+00:00');
    expect(rfc3339(0n)).toBe('1970-01-01T00:00:00+00:00');
  });

  it('refuses times outside years 0000-9999', () => {
    expect(() => rfc3339(253_402_300_800_000n)).toThrow(RangeError);
    expect(() => rfc3339(-62_167_219_200_001n)).toThrow(RangeError);
  });
});
