import type { IncomingMessage } from 'node:http';

/** Largest request body read (64 KiB: a command is at most 1 KiB); larger ones get 413. */
export const MAX_BODY_BYTES = 64 * 1024;
/**
 * Bytes past MAX_BODY_BYTES read and dropped before the 413 is sent, so a client that sends
 * a somewhat larger body gets its answer instead of a reset connection; beyond that the
 * gateway answers at once and closes the connection.
 */
const MAX_DISCARD_BYTES = 1024 * 1024;

export type BodyResult =
  | { readonly ok: true; readonly value: unknown }
  | { readonly ok: false; readonly status: 400 | 413; readonly message: string };

/**
 * The JSON value of a request body, or why there is none, checked in this order:
 * content type `application/json` or `application/<x>+json` (optionally with `charset=utf-8`)
 * → 400; size over MAX_BODY_BYTES → 413 (the rest is read and dropped, up to
 * MAX_DISCARD_BYTES); not UTF-8 → 400; empty → 400; not JSON → 400 with the parser's reason.
 */
export async function readJsonBody(req: IncomingMessage): Promise<BodyResult> {
  const contentType = req.headers['content-type'];
  if (!isJsonMediaType(contentType)) {
    const got = contentType === undefined ? 'none' : `'${contentType}'`;
    return { ok: false, status: 400, message: `Content-Type must be application/json (got ${got})` };
  }
  if (Number(req.headers['content-length'] ?? 0) > MAX_BODY_BYTES + MAX_DISCARD_BYTES) return tooLarge();
  const bytes = await readBounded(req);
  if (bytes === undefined) return tooLarge();
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return { ok: false, status: 400, message: 'Request body is not valid UTF-8' };
  }
  if (text.trim() === '') return { ok: false, status: 400, message: 'Request body is empty; expected a JSON object' };
  try {
    return { ok: true, value: JSON.parse(text) as unknown };
  } catch (error) {
    return { ok: false, status: 400, message: `Malformed JSON body: ${(error as Error).message}` };
  }
}

function tooLarge(): BodyResult {
  return { ok: false, status: 413, message: `Request body exceeds ${MAX_BODY_BYTES} bytes` };
}

function isJsonMediaType(header: string | undefined): boolean {
  if (header === undefined) return false;
  const [type, ...params] = header.split(';').map((part) => part.trim().toLowerCase());
  if (type !== 'application/json' && !/^application\/[a-z0-9.+-]+\+json$/.test(type ?? '')) return false;
  return params.every((p) => !p.startsWith('charset=') || p === 'charset=utf-8' || p === 'charset="utf-8"');
}

/** The whole body, or undefined when it passes MAX_BODY_BYTES (once it ended, or at MAX_DISCARD_BYTES more). */
function readBounded(req: IncomingMessage): Promise<Buffer | undefined> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= MAX_BODY_BYTES) chunks.push(chunk);
      else if (size > MAX_BODY_BYTES + MAX_DISCARD_BYTES) {
        req.pause();
        resolve(undefined);
      }
    });
    req.once('end', () => resolve(size > MAX_BODY_BYTES ? undefined : Buffer.concat(chunks)));
    req.once('error', reject);
  });
}
