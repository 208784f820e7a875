import { MalformedMessageError } from './errors';
import type { Message } from './messages';

/**
 * Throws MalformedMessageError for a message whose fields contradict each other in a way no
 * correct peer's do, and that the core would otherwise store or act on: an Append's entries
 * must follow prevIndex one by one, with terms that never decrease, from prevTerm up to the
 * sender's term; a snapshot's last entry cannot be of a later term than its sender's. Needs
 * no state, so `step` runs it before the message changes anything.
 */
export function checkWellFormed(m: Message): void {
  if (m.type === 'Snapshot' && m.meta.term > m.term) {
    throw new MalformedMessageError(`snapshot from node ${m.from} ends in term ${m.meta.term}, after its sender's term ${m.term}`);
  }
  if (m.type !== 'Append') return;
  let floor = m.prevTerm;
  m.entries.forEach((e, k) => {
    if (e.index !== m.prevIndex + 1 + k) {
      throw new MalformedMessageError(`append from node ${m.from}: entry ${k} has index ${e.index}, not ${m.prevIndex + 1 + k}`);
    }
    if (e.term < floor || e.term > m.term) {
      throw new MalformedMessageError(`append from node ${m.from}: entry ${e.index} has term ${e.term}, outside [${floor}, ${m.term}]`);
    }
    floor = e.term;
  });
}
