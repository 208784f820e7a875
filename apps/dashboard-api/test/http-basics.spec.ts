import { z } from 'zod';
import { SubmitJobBody } from '../src/api/request-schemas';
import { FakeCluster } from './fake-cluster.test-util';
import { Gateway } from './gateway.test-util';

/** Routing (REF: 404 / 405 with empty bodies), the page's files, OpenAPI and metrics. */
describe('the gateway’s HTTP surface', () => {
  let cluster: FakeCluster;
  let gateway: Gateway;

  beforeAll(async () => {
    cluster = await FakeCluster.start(2, 2);
    gateway = await Gateway.start(cluster.urls);
  });
  afterAll(async () => {
    await gateway.close();
    await cluster.close();
  });

  it.each(['/nope', '/api', '/api/jobs/', '/api/jobs/x/y', '/health'])('answers 404 with an empty body for %s', async (path) => {
    const response = await gateway.fetch(path);
    expect(response.status).toBe(404);
    expect(await response.text()).toBe('');
  });

  it.each([
    ['PUT', '/api/jobs', 'GET, HEAD, POST'],
    ['POST', '/api/cluster', 'GET, HEAD'],
    ['PATCH', '/api/jobs/00000000-0000-4000-8000-000000000000', 'GET, HEAD, DELETE'],
    ['DELETE', '/health/live', 'GET, HEAD'],
  ])('answers %s %s with 405 and Allow: %s', async (method, path, allow) => {
    const response = await gateway.fetch(path, { method });
    expect(response.status).toBe(405);
    expect(response.headers.get('allow')).toBe(allow);
    expect(await response.text()).toBe('');
  });

  it('serves HEAD like GET without a body', async () => {
    const response = await gateway.fetch('/health/live', { method: 'HEAD' });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/json');
  });

  it('serves the page, its script and stylesheet with a policy that forbids inline and foreign code', async () => {
    const page = await gateway.fetch('/');
    expect(page.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(page.headers.get('content-security-policy')).toContain("script-src 'self'");
    const html = await page.text();
    expect(html).toContain('src="/assets/app.js"');
    const script = await gateway.fetch('/assets/app.js');
    expect(script.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect(await script.text()).not.toMatch(/innerHTML|outerHTML|insertAdjacentHTML|document\.write/);
    expect((await gateway.fetch('/assets/style.css')).status).toBe(200);
  });

  it('publishes an OpenAPI 3.1 document derived from the zod schemas', async () => {
    const { status, body } = await gateway.json('/api/openapi.json');
    expect(status).toBe(200);
    const doc = body as { openapi: string; paths: Record<string, Record<string, { parameters?: { name: string }[] }>>; components: { schemas: Record<string, unknown> } };
    expect(doc.openapi).toBe('3.1.0');
    expect(Object.keys(doc.paths).sort()).toEqual(['/', '/api/cluster', '/api/jobs', '/api/jobs/{id}', '/api/openapi.json', '/health/live', '/health/ready', '/metrics']);
    expect(Object.keys(doc.paths['/api/jobs']!).sort()).toEqual(['get', 'post']);
    expect(doc.paths['/api/jobs']!['get']!.parameters!.map((p) => p.name)).toEqual(['status', 'worker', 'command', 'limit', 'page_token']);
    const { $schema: _, ...submit } = z.toJSONSchema(SubmitJobBody, { io: 'input' }) as Record<string, unknown>;
    expect(doc.components.schemas['SubmitJobRequest']).toEqual(submit);
    expect(doc.components.schemas['SubmitJobRequest']).toMatchObject({ additionalProperties: false, required: ['command'] });
  });

  it('counts requests by route and status, and failed upstream calls by RPC and code', async () => {
    await gateway.post('/api/jobs', { command: 'echo hi' }); // node 1 answers not-leader first
    await gateway.fetch('/nope');
    const response = await gateway.fetch('/metrics');
    expect(response.headers.get('content-type')).toContain('text/plain');
    const text = await response.text();
    expect(text).toContain('sched_dashboard_http_requests_total{method="POST",route="/api/jobs",status="200"} 1');
    expect(text).toContain('sched_dashboard_http_requests_total{method="GET",route="unmatched",status="404"}');
    expect(text).toMatch(/sched_dashboard_http_request_duration_seconds_bucket\{le="0\.005",method="POST",route="\/api\/jobs",status="200"\} \d/);
    expect(text).toContain('sched_dashboard_upstream_errors_total{rpc="SubmitJob",code="failed_precondition"} 1');
  });
});
