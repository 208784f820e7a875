import { isCanonicalJobId, jobIdFromBytes, jobIdToBytes, parseJobId } from './job-id';

const ID = '3f2b1c4d-5e6f-4a7b-8c9d-0e1f2a3b4c5d';

describe('job ids', () => {
  it.each([ID, ID.toUpperCase(), ID.replaceAll('-', ''), `{${ID}}`, `urn:uuid:${ID}`])('parses %p to the canonical form', (text) => {
    expect(parseJobId(text)).toBe(ID);
  });

  it.each(['', 'x', `${ID} `, ID.slice(1), `{${ID.replaceAll('-', '')}}`, `URN:UUID:${ID}`, `${ID.slice(0, 8)}_${ID.slice(9)}`])(
    'refuses %p',
    (text) => {
      expect(parseJobId(text)).toBeUndefined();
    },
  );

  it('accepts only the lowercase hyphenated form in commands', () => {
    expect(isCanonicalJobId(ID)).toBe(true);
    expect(isCanonicalJobId(ID.toUpperCase())).toBe(false);
  });

  it('round-trips through 16 bytes', () => {
    expect(jobIdToBytes(ID)).toHaveLength(16);
    expect(jobIdFromBytes(jobIdToBytes(ID))).toBe(ID);
    expect(jobIdFromBytes(new Uint8Array(15))).toBeUndefined();
  });
});
