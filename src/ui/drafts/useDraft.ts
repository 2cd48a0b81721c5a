import { useEffect, useLayoutEffect, useRef, useState } from 'react';
import type { DraftKind, DraftValuesOf } from '../../core/model/draft';
import { draftRegistry } from './registry';

/**
 * A form's unsaved input, for the drafts an idle or suspend lock seals (registry.ts). `values` is what
 * the form holds now (undefined: nothing to keep yet); `restore` fills the form with a draft the user
 * chose to continue, once, when the form opens.
 */
export function useDraft<K extends DraftKind>(
  kind: K,
  target: string | undefined,
  values: DraftValuesOf<K> | undefined,
  restore: (values: DraftValuesOf<K>) => void,
): void {
  const latest = useRef(values);
  const restoreRef = useRef(restore);
  // After each render, before anything else can run (a lock trigger is an event or a timer).
  useLayoutEffect(() => {
    latest.current = values;
    restoreRef.current = restore;
  });
  const [baseline] = useState(() => (values === undefined ? undefined : JSON.stringify(values)));

  useEffect(() => {
    const waiting = draftRegistry.take(kind, target);
    if (waiting !== undefined) restoreRef.current(waiting);
    return draftRegistry.register({ kind, target, baseline, values: () => latest.current });
  }, [kind, target, baseline]);
}
