import type { TlsMaterial } from '@sched/rpc';
import { createDashboard, type Dashboard } from '../src';

/** A gateway on 127.0.0.1 (free port) in front of `nodes`, with fetch helpers; `close()` in afterAll/afterEach. */
export class Gateway {
  private constructor(
    readonly dashboard: Dashboard,
    readonly base: string,
  ) {}

  static async start(nodes: readonly string[], options: { leaderWaitMs?: number; tls?: TlsMaterial } = {}): Promise<Gateway> {
    const dashboard = await createDashboard({ nodes, host: '127.0.0.1', port: 0, leaderWaitMs: options.leaderWaitMs ?? 500, ...(options.tls === undefined ? {} : { tls: options.tls }) });
    return new Gateway(dashboard, `http://127.0.0.1:${dashboard.port}`);
  }

  fetch(path: string, init?: RequestInit): Promise<Response> {
    return fetch(this.base + path, init);
  }

  /** The answer's status, headers and body parsed as JSON (undefined when the body is empty). */
  async json(path: string, init?: RequestInit): Promise<{ status: number; headers: Headers; body: unknown }> {
    const response = await this.fetch(path, init);
    const text = await response.text();
    return { status: response.status, headers: response.headers, body: text === '' ? undefined : (JSON.parse(text) as unknown) };
  }

  /**
   * POST `body` (a string is sent as is, anything else as JSON) with `content-type:
   * application/json` unless `contentType` says otherwise; null sends no content type.
   */
  post(path: string, body: unknown, contentType: string | null = 'application/json'): Promise<{ status: number; headers: Headers; body: unknown }> {
    const bytes = Buffer.from(typeof body === 'string' ? body : JSON.stringify(body));
    return this.json(path, { method: 'POST', headers: contentType === null ? {} : { 'content-type': contentType }, body: bytes });
  }

  close(): Promise<void> {
    return this.dashboard.close();
  }
}
