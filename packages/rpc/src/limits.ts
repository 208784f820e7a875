/**
 * Size bounds shared by every server and client of this package, so neither side ever
 * sends what the other refuses to read.
 *
 * 16 MiB per message (after decompression). The reference's Rust stack decodes at most
 * 4 MiB; we allow more because a Raft AppendEntries batch or a snapshot chunk is bounded by
 * the sender's own byte budget (well under this), and a larger ceiling keeps a
 * misconfigured budget from turning into a stalled follower. Client API messages are far
 * smaller (commands are at most 1 KiB, ListJobs pages at most 1000 rows).
 */
export const MAX_MESSAGE_BYTES = 16 * 1024 * 1024;

/**
 * HTTP/2 streams one peer may keep open on one connection. Raft keeps a few requests in
 * flight per peer and lane, a CLI one, a dashboard a handful; 256 (the size of the proposal
 * queue) leaves room for bursts while bounding what one misbehaving client can pin.
 */
export const MAX_CONCURRENT_STREAMS = 256;

/**
 * node:http2 `maxSessionMemory`, in MiB, per connection, for servers and clients alike
 * (Node's default is 10). Has to exceed MAX_MESSAGE_BYTES with room for a few messages in
 * flight: with the default, sending one message near the limit fails with
 * ENHANCE_YOUR_CALM (measured: a 16 MiB request from a default client session).
 */
export const MAX_SESSION_MEMORY_MIB = 64;
