import { NodeUrlError, parseNodeUrls } from './node-urls';

describe('parseNodeUrls', () => {
  it('accepts http and https origins with explicit ports, hostnames and IPv6', () => {
    expect(parseNodeUrls(['http://127.0.0.1:50051', 'http://Node-2.local:50052/', 'http://[::1]:50053'])).toEqual({
      urls: ['http://127.0.0.1:50051', 'http://node-2.local:50052', 'http://[::1]:50053'],
      secure: false,
    });
    expect(parseNodeUrls(['https://10.0.0.1:443']).secure).toBe(true);
  });

  it.each([
    [[], 'at least one node URL is required'],
    [['127.0.0.1:50051'], "invalid node URL '127.0.0.1:50051' (expected http://host:port or https://host:port, nothing after the port)"],
    [['http://127.0.0.1'], "invalid node URL 'http://127.0.0.1' (expected http://host:port or https://host:port, nothing after the port)"],
    [['http://127.0.0.1:50051/api'], "invalid node URL 'http://127.0.0.1:50051/api' (expected http://host:port or https://host:port, nothing after the port)"],
    [['ftp://127.0.0.1:21'], "invalid node URL 'ftp://127.0.0.1:21' (expected http://host:port or https://host:port, nothing after the port)"],
    [['http://127.0.0.1:70000'], "invalid node URL 'http://127.0.0.1:70000': port 70000 is out of range (1-65535)"],
    [['http://a:1', 'https://b:2'], 'node URLs mix http:// and https:// (http://a:1,https://b:2)'],
    [['http://a:1', 'http://A:1'], 'node URL http://A:1 is listed twice'],
  ])('refuses %j', (entries, message) => {
    expect(() => parseNodeUrls(entries)).toThrow(new NodeUrlError(message));
  });
});
