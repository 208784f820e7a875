import { utf8ByteLength, validateCommandText } from './command-text';

describe('validateCommandText (REF §3.2)', () => {
  it.each(['', ' ', '\t\n\r\v\f', '\u00a0\u3000\u2028\u0085'])('refuses all-whitespace %p as empty', (text) => {
    expect(validateCommandText(text)).toBe('Command cannot be empty');
  });

  it('accepts what Rust does not trim (U+FEFF), and keeps surrounding whitespace', () => {
    expect(validateCommandText('\ufeff')).toBeUndefined();
    expect(validateCommandText('  echo hi  ')).toBeUndefined();
  });

  it('accepts exactly 1024 UTF-8 bytes and refuses 1025', () => {
    expect(validateCommandText('a'.repeat(1024))).toBeUndefined();
    expect(validateCommandText('a'.repeat(1025))).toBe('Command exceeds maximum allowed length');
    expect(validateCommandText('€'.repeat(341) + 'a')).toBeUndefined(); // 1023 + 1
    expect(validateCommandText('€'.repeat(342))).toBe('Command exceeds maximum allowed length'); // 1026
  });

  it('checks emptiness before length', () => {
    expect(validateCommandText(' '.repeat(2000))).toBe('Command cannot be empty');
  });

  it('counts UTF-8 bytes', () => {
    expect(['a', 'é', '€', '😀', '\ud800', 'a\udc00b'].map(utf8ByteLength)).toEqual([1, 2, 3, 4, 3, 5]);
  });
});
