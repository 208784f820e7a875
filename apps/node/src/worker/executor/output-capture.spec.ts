import { OutputCapture, truncationMarker } from './output-capture';

function capture(limit: number, ...chunks: Array<string | number[]>): ReturnType<OutputCapture['finish']> {
  const output = new OutputCapture(limit);
  for (const chunk of chunks) output.push(typeof chunk === 'string' ? Buffer.from(chunk) : Buffer.from(chunk));
  return output.finish();
}

describe('OutputCapture', () => {
  it('keeps everything up to the cap', () => {
    expect(capture(6, 'abc', 'def')).toEqual({ text: 'abcdef', truncated: false, droppedBytes: 0 });
  });

  it('cuts at the cap, counts what it dropped and says so in the text', () => {
    expect(capture(4, 'abc', 'def', 'gh')).toEqual({ text: 'abcd' + truncationMarker(4), truncated: true, droppedBytes: 4 });
    expect(truncationMarker(4)).toBe('\n[output truncated: 4 bytes dropped]');
  });

  it('does not split a character at the cap', () => {
    // "aé€" = 61 | c3 a9 | e2 82 ac; a cap of 5 would cut the euro sign after two bytes.
    expect(capture(5, 'aé€')).toEqual({ text: 'aé' + truncationMarker(3), truncated: true, droppedBytes: 3 });
    expect(capture(3, 'aé€')).toEqual({ text: 'aé' + truncationMarker(3), truncated: true, droppedBytes: 3 });
  });

  it('replaces invalid bytes with U+FFFD', () => {
    expect(capture(100, [0x6f, 0x6b, 0xff, 0xfe, 0x0a]).text).toBe('ok\uFFFD\uFFFD\n');
  });

  it('a zero cap keeps nothing', () => {
    expect(capture(0, 'abc')).toEqual({ text: truncationMarker(3), truncated: true, droppedBytes: 3 });
  });
});
