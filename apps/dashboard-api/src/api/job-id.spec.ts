import { parseJobId } from './job-id';

describe('parseJobId', () => {
  const id = '3f2b1c4d-1a2b-4c3d-8e9f-0123456789ab';

  it('maps every form the nodes accept to the canonical one', () => {
    for (const form of [id, id.toUpperCase(), id.replaceAll('-', ''), `{${id}}`, `urn:uuid:${id}`]) expect(parseJobId(form)).toBe(id);
  });

  it.each(['', 'x', `${id}0`, `{${id}`, id.replace('-', ''), `urn:uuid:${id.replaceAll('-', '')}`])('refuses %j', (text) => {
    expect(parseJobId(text)).toBeUndefined();
  });
});
