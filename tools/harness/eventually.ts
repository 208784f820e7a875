/**
 * Retries `probe` every `periodMs` until it resolves to a value (a rejection counts as no
 * value yet), and throws once `timeoutMs` has passed without one. Test utilities of the
 * apps import this file too (it depends on nothing).
 */
export async function eventually<T>(probe: () => Promise<T | undefined>, timeoutMs: number, periodMs = 100): Promise<T> {
  const started = Date.now();
  for (;;) {
    const value = await probe().catch(() => undefined);
    if (value !== undefined) return value;
    if (Date.now() - started > timeoutMs) throw new Error(`not reached within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, periodMs));
  }
}
