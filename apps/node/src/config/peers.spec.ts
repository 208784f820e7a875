import { ConfigError } from './config-error';
import { formatHostPort, parseHostPort } from './host-port';
import { parsePeers } from './peers';

describe('--peers', () => {
  it('is empty for a single-node cluster', () => {
    expect(parsePeers('', 1)).toEqual([]);
    expect(parsePeers('   ', 1)).toEqual([]);
  });

  it('reads id:host:port items with hostnames, IPv4 and bracketed IPv6', () => {
    expect(parsePeers('2:127.0.0.1:50052, 3:node3:50051,4:[::1]:50054', 1)).toEqual([
      { id: 2, host: '127.0.0.1', port: 50052, address: '127.0.0.1:50052' },
      { id: 3, host: 'node3', port: 50051, address: 'node3:50051' },
      { id: 4, host: '::1', port: 50054, address: '[::1]:50054' },
    ]);
  });

  it.each([
    ['2:127.0.0.1:50052,', 1, '--peers item 2 is empty'],
    ['2:127.0.0.1', 1, "expected host:port, got '127.0.0.1'"],
    ['x:127.0.0.1:50052', 1, "invalid node id 'x'"],
    ['0:127.0.0.1:50052', 1, "invalid node id '0'"],
    ['-2:127.0.0.1:50052', 1, "invalid node id '-2'"],
    ['2:127.0.0.1:0', 1, "invalid port '0'"],
    ['2:127.0.0.1:65536', 1, "invalid port '65536'"],
    ['2:127.0.0.1:port', 1, "invalid port 'port'"],
    ['2:::1:50052', 1, 'write an IPv6 address in brackets'],
    ['2:[nope]:50052', 1, "'nope' in brackets is not an IPv6 address"],
    ['2:bad_host!:50052', 1, "'bad_host!' is not a valid hostname"],
    ['2:héllo:50052', 1, "'héllo' is not a valid hostname"],
    ['1:127.0.0.1:50052', 1, "id 1 is this node's own --node-id"],
    ['2:a:1,2:b:2', 1, 'node id 2 is listed twice'],
    ['2:a:1,3:a:1', 1, 'address a:1 is listed twice'],
  ])('rejects %j with a clear error', (text, own, message) => {
    expect(() => parsePeers(text, own)).toThrow(ConfigError);
    expect(() => parsePeers(text, own)).toThrow(message);
  });
});

describe('host:port', () => {
  it('round-trips IPv6 in brackets', () => {
    expect(formatHostPort(parseHostPort('[::1]:8080', 'x'))).toBe('[::1]:8080');
    expect(formatHostPort(parseHostPort('node1.example.com:443', 'x'))).toBe('node1.example.com:443');
  });
});
