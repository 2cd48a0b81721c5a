import type { Head, PageRef } from '../log-check';

/**
 * Where in the page log a snapshot stands: the head it was taken at, i.e. the last sequence number
 * and every live page up to it. A snapshot stands for exactly those pages, so an unlock may read
 * it instead of them only while the head still lists them unchanged, as the first pages, and
 * every other listed page lies after the snapshot. Anything else (pages merged or rewritten since,
 * an earlier or rolled-back head, a snapshot of another state put back) and the snapshot is
 * ignored: the log is read whole.
 */
export interface Position {
  lastSeq: number;
  pages: PageRef[];
}

/** The ids of the head's pages a snapshot at `position` stands for, or undefined when it does not match. */
export function coveredPages(position: Position, head: Head): Set<string> | undefined {
  const { lastSeq, pages } = position;
  if (pages.length === 0 || lastSeq > head.lastSeq || pages.length > head.pages.length) return undefined;
  // The covered pages end exactly at the snapshot, so no page straddles it.
  if (pages.at(-1)![2] !== lastSeq) return undefined;
  for (let i = 0; i < pages.length; i++) {
    const [id, from, to] = pages[i]!;
    const listed = head.pages[i]!;
    if (listed[0] !== id || listed[1] !== from || listed[2] !== to) return undefined;
  }
  for (let i = pages.length; i < head.pages.length; i++) if (head.pages[i]![1] <= lastSeq) return undefined;
  return new Set(pages.map(([id]) => id));
}
