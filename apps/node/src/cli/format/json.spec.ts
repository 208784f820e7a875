import { renderJson } from './json';

describe('renderJson (serde_json to_string_pretty + println)', () => {
  it('matches JSON.stringify(…, null, 2) for plain values, with a final newline', () => {
    const value = { a: 'x', b: [1, 2], c: { d: null, e: true }, f: [], g: {} };
    expect(renderJson(value)).toBe(`${JSON.stringify(value, null, 2)}\n`);
  });

  it('prints bigints as exact numbers', () => {
    expect(renderJson({ id: 18446744073709551615n, t: -9223372036854775808n })).toBe(
      '{\n  "id": 18446744073709551615,\n  "t": -9223372036854775808\n}\n',
    );
  });

  it('escapes strings like serde_json', () => {
    expect(renderJson({ s: 'a"b\\c\n\t\u0001é😀/' })).toBe('{\n  "s": "a\\"b\\\\c\\n\\t\\u0001é😀/"\n}\n');
  });

  it('nests with two spaces per level', () => {
    expect(renderJson({ jobs: [{ job_id: 'j', n: 1n }], total_count: 1, has_more: false })).toBe(
      '{\n  "jobs": [\n    {\n      "job_id": "j",\n      "n": 1\n    }\n  ],\n  "total_count": 1,\n  "has_more": false\n}\n',
    );
  });
});
