import http2 = require('node:http2');
import { installGoawayGuard } from './goaway-guard';

describe('the GOAWAY guard (connect-es #1768)', () => {
  it('gives every client HTTP/2 session an error listener, so a late error cannot be uncaught', async () => {
    installGoawayGuard();
    installGoawayGuard(); // idempotent
    const server = http2.createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as { port: number };
    const session = http2.connect(`http://127.0.0.1:${port}`);
    try {
      expect(session.listenerCount('error')).toBe(1);
      // An error with no other listener is now swallowed instead of thrown.
      expect(() => session.emit('error', new Error('late GOAWAY error'))).not.toThrow();
    } finally {
      session.destroy();
      await new Promise((resolve) => server.close(resolve));
    }
  });
});
