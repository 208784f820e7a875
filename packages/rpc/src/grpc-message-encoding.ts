import type * as http2 from 'node:http2';

type Handler = (request: http2.Http2ServerRequest, response: http2.Http2ServerResponse) => void;

/**
 * The gRPC spec percent-encodes `grpc-message` only for bytes outside 0x20-0x7E and for
 * `%` itself. connect-node 2.1.2 uses encodeURIComponent, which also encodes `:`, `,`, `/`
 * and the like, and @grpc/grpc-js decodes with decodeURI, which leaves those encoded: a
 * grpc-js client would read `Not the leader. Try 127.0.0.1%3A50052`. This wrapper re-encodes
 * the trailer the spec's way, so every client reads the reference's exact text.
 */
export function withSpecGrpcMessage(handler: Handler): Handler {
  return (request, response) => {
    const addTrailers = response.addTrailers.bind(response);
    response.addTrailers = (trailers: http2.OutgoingHttpHeaders) => {
      const message = trailers['grpc-message'];
      if (typeof message === 'string') trailers['grpc-message'] = specEncode(safeDecode(message));
      addTrailers(trailers);
    };
    handler(request, response);
  };
}

/** Percent-encodes UTF-8 bytes outside printable ASCII, and `%` (gRPC over HTTP/2, "Status-Message"). */
export function specEncode(text: string): string {
  let out = '';
  for (const byte of Buffer.from(text, 'utf8')) {
    out += byte >= 0x20 && byte <= 0x7e && byte !== 0x25 ? String.fromCharCode(byte) : `%${byte.toString(16).toUpperCase().padStart(2, '0')}`;
  }
  return out;
}

function safeDecode(encoded: string): string {
  try {
    return decodeURIComponent(encoded);
  } catch {
    return encoded;
  }
}
