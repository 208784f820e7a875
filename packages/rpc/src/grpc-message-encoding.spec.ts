import { specEncode } from './grpc-message-encoding';

describe('grpc-message encoding (gRPC over HTTP/2, Status-Message)', () => {
  it('leaves printable ASCII alone, including the characters connect-node over-encodes', () => {
    expect(specEncode('Not the leader. Try 127.0.0.1:50052')).toBe('Not the leader. Try 127.0.0.1:50052');
    expect(specEncode('a, b/c?d=e&f#g')).toBe('a, b/c?d=e&f#g');
  });

  it('percent-encodes %, control characters and non-ASCII as UTF-8 bytes', () => {
    expect(specEncode('100%')).toBe('100%25');
    expect(specEncode('line1\nline2')).toBe('line1%0Aline2');
    expect(specEncode('héllo')).toBe('h%C3%A9llo');
    expect(decodeURIComponent(specEncode('héllo 100% ✓'))).toBe('héllo 100% ✓');
  });
});
