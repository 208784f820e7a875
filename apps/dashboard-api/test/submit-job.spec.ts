import { GATEWAY_KEY_PREFIX } from '../src/routes/submit-job-route';
import { SubmitJobResult } from '../src/api/response-schemas';
import { FakeCluster } from './fake-cluster.test-util';
import { Gateway } from './gateway.test-util';

/** POST /api/jobs: every bad body is a 400 (413 when too large) with a JSON error, and nothing reaches a node. */
describe('POST /api/jobs', () => {
  let cluster: FakeCluster;
  let gateway: Gateway;

  beforeAll(async () => {
    cluster = await FakeCluster.start(1, 1);
    gateway = await Gateway.start(cluster.urls);
  });
  afterAll(async () => {
    await gateway.close();
    await cluster.close();
  });

  const refused = (error: string) => ({ status: 400, body: { success: false, job_id: null, error } });

  it.each([
    ['no content type', '{"command":"echo hi"}', null, 'Content-Type must be application/json (got none)'],
    ['a text content type', '{"command":"echo hi"}', 'text/plain', "Content-Type must be application/json (got 'text/plain')"],
    ['a non-UTF-8 charset', '{"command":"echo hi"}', 'application/json; charset=latin1', "Content-Type must be application/json (got 'application/json; charset=latin1')"],
    ['an empty body', '', 'application/json', 'Request body is empty; expected a JSON object'],
    ['malformed JSON', '{"command":', 'application/json', expect.stringMatching(/^Malformed JSON body: /)],
    ['a JSON array', '["echo hi"]', 'application/json', 'Request body must be a JSON object'],
    ['JSON null', 'null', 'application/json', 'Request body must be a JSON object'],
  ])('refuses %s', async (_, body, contentType, error) => {
    expect(await gateway.post('/api/jobs', body, contentType)).toMatchObject(refused(error as string));
  });

  it('refuses a body that is not UTF-8', async () => {
    const response = await gateway.json('/api/jobs', { method: 'POST', headers: { 'content-type': 'application/json' }, body: Buffer.from([0x7b, 0xff, 0x7d]) });
    expect(response).toMatchObject(refused('Request body is not valid UTF-8'));
  });

  it.each([
    ['a missing command', {}, 'Missing required field "command"'],
    ['a command that is a number', { command: 42 }, 'Field "command" must be a string, got an integer'],
    ['a command that is null', { command: null }, 'Field "command" must be a string, got null'],
    ['an unknown key', { command: 'echo hi', priority: 1 }, 'Unknown field "priority"'],
    ['a misspelt key', { comand: 'echo hi' }, 'Unknown field "comand"; Missing required field "command"'],
    ['an image that is a number', { command: 'echo hi', image: 7 }, 'Field "image" must be a string, got an integer'],
    ['a fractional timeout', { command: 'echo hi', timeout_seconds: 1.5 }, 'Field "timeout_seconds" must be an integer, got a number'],
    ['a timeout given as a string', { command: 'echo hi', timeout_seconds: '10' }, 'Field "timeout_seconds" must be a number, got a string'],
    ['a zero timeout', { command: 'echo hi', timeout_seconds: 0 }, 'timeout_seconds must be between 1 and 86400'],
    ['a timeout over a day', { command: 'echo hi', timeout_seconds: 86_401 }, 'timeout_seconds must be between 1 and 86400'],
    ['zero attempts', { command: 'echo hi', max_attempts: 0 }, 'max_attempts must be between 1 and 100'],
    ['an empty idempotency key', { command: 'echo hi', idempotency_key: '' }, 'idempotency_key cannot be empty'],
    ['an empty command', { command: '' }, 'Command cannot be empty'],
    ['a whitespace command (Unicode White_Space)', { command: ' \t\u3000\n' }, 'Command cannot be empty'],
    ['an oversized command', { command: 'x'.repeat(1025) }, 'Command exceeds maximum allowed length'],
  ])('refuses %s', async (_, body, error) => {
    const before = cluster.calls.length;
    expect(await gateway.post('/api/jobs', body)).toMatchObject(refused(error));
    expect(cluster.calls.slice(before)).toEqual([]);
  });

  it('answers 413 for a body over 64 KiB, sent whole or streamed', async () => {
    const big = JSON.stringify({ command: 'x'.repeat(70_000) });
    const answer = await gateway.post('/api/jobs', big);
    expect(answer).toEqual({ status: 413, headers: expect.anything(), body: { success: false, job_id: null, error: 'Request body exceeds 65536 bytes' } });
    const chunks = new ReadableStream({
      start(controller) {
        for (let k = 0; k < 20; k++) controller.enqueue(new TextEncoder().encode('x'.repeat(4096)));
        controller.close();
      },
    });
    const streamed = await gateway.json('/api/jobs', { method: 'POST', headers: { 'content-type': 'application/json' }, body: chunks, duplex: 'half' } as RequestInit);
    expect(streamed.status).toBe(413);
  });

  it('answers 413 at once when the declared length is far over the limit, without waiting for the body', async () => {
    const { request } = await import('node:http');
    const answer = await new Promise<{ status: number; body: string }>((resolve, reject) => {
      const req = request(`${gateway.base}/api/jobs`, { method: 'POST', headers: { 'content-type': 'application/json', 'content-length': String(8 << 20) } }, (res) => {
        let body = '';
        res.setEncoding('utf8').on('data', (t: string) => (body += t));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
      });
      req.on('error', reject);
      req.flushHeaders();
    });
    expect(answer).toEqual({ status: 413, body: JSON.stringify({ success: false, job_id: null, error: 'Request body exceeds 65536 bytes' }) });
  });

  it('submits with every optional field and answers the REF success shape', async () => {
    const answer = await gateway.post('/api/jobs', { command: 'echo hi', image: 'alpine:3', timeout_seconds: 10, max_attempts: 2, idempotency_key: 'k-1' });
    expect(answer.status).toBe(200);
    const body = SubmitJobResult.parse(answer.body);
    expect(body).toEqual({ success: true, job_id: expect.stringMatching(/^[0-9a-f-]{36}$/), error: null });
    expect(answer.headers.get('content-type')).toBe('application/json');
  });

  it('treats a null or empty image as the node default', async () => {
    expect((await gateway.post('/api/jobs', { command: 'echo hi', image: null })).status).toBe(200);
    expect((await gateway.post('/api/jobs', { command: 'echo hi', image: '' })).status).toBe(200);
  });

  it('returns the original job for a retried idempotency key', async () => {
    const first = (await gateway.post('/api/jobs', { command: 'echo once', idempotency_key: 'same' })).body as { job_id: string };
    const again = (await gateway.post('/api/jobs', { command: 'echo once', idempotency_key: 'same' })).body as { job_id: string };
    expect(again.job_id).toBe(first.job_id);
  });

  it('gives a keyless submit a gateway idempotency key, so a retry cannot create it twice', async () => {
    let seen: string | undefined;
    cluster.override(1, {
      submitJob: async (request) => {
        seen = request.idempotencyKey;
        return { jobId: '11111111-1111-4111-8111-111111111111', createdAtMs: 1n };
      },
    });
    await gateway.post('/api/jobs', { command: 'echo hi' });
    cluster.override(1, {});
    expect(seen).toMatch(new RegExp(`^${GATEWAY_KEY_PREFIX}[0-9a-f-]{36}$`));
  });
});
