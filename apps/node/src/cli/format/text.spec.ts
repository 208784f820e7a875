import { codePointLength, joinLines, padRight, splitLines } from './text';

describe('padRight (Rust {:<N})', () => {
  it('pads to the width and never cuts', () => {
    expect(padRight('ID', 8)).toBe('ID      ');
    expect(padRight('123456789', 8)).toBe('123456789');
    expect(padRight('', 3)).toBe('   ');
  });

  it('counts code points, not UTF-16 units or bytes', () => {
    expect(padRight('é', 3)).toBe('é  ');
    expect(padRight('😀', 3)).toBe('😀  ');
    expect(codePointLength('a😀é')).toBe(3);
  });
});

describe('splitLines (Rust str::lines)', () => {
  it.each([
    ['', []],
    ['a', ['a']],
    ['a\n', ['a']],
    ['a\nb', ['a', 'b']],
    ['a\n\nb\n', ['a', '', 'b']],
    ['\n', ['']],
    ['a\r\nb\r\n', ['a', 'b']],
    ['a\r', ['a\r']],
    ['a\r\r\nb', ['a\r', 'b']],
  ])('%j', (text, lines) => {
    expect(splitLines(text)).toEqual(lines);
  });
});

it('joinLines terminates every line', () => {
  expect(joinLines(['a', '', 'b'])).toBe('a\n\nb\n');
  expect(joinLines([])).toBe('');
});
