import { createLogger } from './logger';

describe('the structured logger', () => {
  it('writes one JSON line per event at or above its level, with inherited fields', () => {
    const lines: string[] = [];
    const log = createLogger('info', (l) => lines.push(l), { node: 1 }).with({ term: 3 });
    log.debug('Ignored');
    log.info('Became leader', { peers: 2, big: 5n, absent: undefined });
    log.error('Storage failed');
    expect(lines).toHaveLength(2);
    expect(lines.every((l) => l.endsWith('\n') && !l.slice(0, -1).includes('\n'))).toBe(true);
    const first = JSON.parse(lines[0]!) as Record<string, unknown>;
    expect(first).toMatchObject({ level: 'info', msg: 'Became leader', node: 1, term: 3, peers: 2, big: '5' });
    expect(first).not.toHaveProperty('absent');
    expect(typeof first['ts']).toBe('string');
  });
});
