import { capChunk, concatChunks, EMPTY_STREAM } from './output-cap';
import { type CapturedStream, DEFAULT_OUTPUT_CAP, type JobOutput, type OutputStore, type OutputStream } from './output-store';

interface StreamBuffer {
  readonly chunks: Uint8Array[];
  bytes: number;
  truncated: boolean;
}

type AttemptBuffers = Record<OutputStream, StreamBuffer>;

/** The output store of a node without a data directory: lost on restart. */
export class MemoryOutputStore implements OutputStore {
  /** job id → attempt → streams. Chunks are copied: callers may reuse their buffers. */
  private readonly jobs = new Map<string, Map<number, AttemptBuffers>>();

  constructor(private readonly cap: number = DEFAULT_OUTPUT_CAP) {}

  append(jobId: string, attempt: number, stream: OutputStream, chunk: Uint8Array): void {
    const buffer = this.buffers(jobId, attempt)[stream];
    const { kept, truncated } = capChunk(buffer.bytes, buffer.truncated, chunk, this.cap);
    if (kept.length > 0) buffer.chunks.push(kept.slice());
    buffer.bytes += kept.length;
    buffer.truncated = truncated;
  }

  read(jobId: string, attempt: number): JobOutput {
    const buffers = this.jobs.get(jobId)?.get(attempt);
    return { stdout: captured(buffers?.stdout), stderr: captured(buffers?.stderr) };
  }

  evict(jobId: string): void {
    this.jobs.delete(jobId);
  }

  close(): void {
    this.jobs.clear();
  }

  private buffers(jobId: string, attempt: number): AttemptBuffers {
    let attempts = this.jobs.get(jobId);
    if (attempts === undefined) this.jobs.set(jobId, (attempts = new Map()));
    let buffers = attempts.get(attempt);
    if (buffers === undefined) attempts.set(attempt, (buffers = { stdout: emptyBuffer(), stderr: emptyBuffer() }));
    return buffers;
  }
}

function emptyBuffer(): StreamBuffer {
  return { chunks: [], bytes: 0, truncated: false };
}

function captured(buffer: StreamBuffer | undefined): CapturedStream {
  if (buffer === undefined) return EMPTY_STREAM;
  return { data: concatChunks(buffer.chunks), truncated: buffer.truncated };
}
