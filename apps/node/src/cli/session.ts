import type { ClientOptions } from './client-options';
import { connectScheduler, type SchedulerConnection } from './connect';
import { loadTlsMaterial, type ClientTlsMaterial } from './tls-files';

/**
 * The connections of one client command: to the addressed node (opened first, as nomad-lite
 * does) and, after a redirect, to the leader, with the same TLS files. Everything opened is
 * closed by `close()`.
 */
export interface Session {
  readonly options: ClientOptions;
  readonly node: SchedulerConnection;
  connectTo(url: string): Promise<SchedulerConnection>;
  close(): void;
}

export async function openSession(options: ClientOptions): Promise<Session> {
  const material: ClientTlsMaterial = await loadTlsMaterial(options);
  const opened: SchedulerConnection[] = [];
  const connectTo = async (url: string): Promise<SchedulerConnection> => {
    const connection = await connectScheduler(url, material);
    opened.push(connection);
    return connection;
  };
  const node = await connectTo(options.addr);
  return {
    options,
    node,
    connectTo,
    close: () => {
      for (const connection of opened) connection.close();
    },
  };
}

/** Runs `body` with a session to the addressed node, closing it afterwards. */
export async function withSession<T>(options: ClientOptions, body: (session: Session) => Promise<T>): Promise<T> {
  const session = await openSession(options);
  try {
    return await body(session);
  } finally {
    session.close();
  }
}
