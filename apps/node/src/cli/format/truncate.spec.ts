import { truncateCommand, truncateDetails } from './truncate';

describe('truncateCommand (20 → 17 + ...)', () => {
  it('keeps up to 20 characters', () => {
    expect(truncateCommand('echo hello world!!!')).toBe('echo hello world!!!');
    expect(truncateCommand('12345678901234567890')).toBe('12345678901234567890');
  });

  it('cuts ASCII exactly where nomad-lite cuts', () => {
    expect(truncateCommand('123456789012345678901')).toBe('12345678901234567...');
    expect(truncateCommand('echo "a much longer command"')).toBe('echo "a much long...');
  });

  it('counts and cuts characters, never inside a multi-byte one', () => {
    // 20 characters but 40 bytes: nomad-lite would cut (and panic); we keep it whole.
    expect(truncateCommand('é'.repeat(20))).toBe('é'.repeat(20));
    expect(truncateCommand('é'.repeat(21))).toBe(`${'é'.repeat(17)}...`);
    // Astral characters (two UTF-16 units) count once and stay whole.
    expect(truncateCommand(`echo ${'😀'.repeat(20)}`)).toBe(`echo ${'😀'.repeat(12)}...`);
    expect(truncateCommand('日本語のコマンドを実行するとパニックになりますか')).toBe('日本語のコマンドを実行するとパニッ...');
  });
});

describe('truncateDetails (30 → 27 + ...)', () => {
  it('keeps up to 30 characters and cuts longer ones', () => {
    expect(truncateDetails('x'.repeat(30))).toBe('x'.repeat(30));
    expect(truncateDetails('job_id=3f2b9c1e-0000-4000-8000-000000000001, cmd=echo')).toBe('job_id=3f2b9c1e-0000-4000-8...');
  });

  it('never splits a code point', () => {
    const details = `job_id=1, cmd=${'ü'.repeat(20)}`;
    expect(truncateDetails(details)).toBe(`job_id=1, cmd=${'ü'.repeat(13)}...`);
  });
});
