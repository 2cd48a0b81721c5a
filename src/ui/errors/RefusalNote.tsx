import { useDescribeError } from './useDescribeError';

/** A refusal held in a screen's state: the error itself, worded at render so it follows a change of language. */
export interface Refusal {
  readonly error: unknown;
}

export function refusalOf(error: unknown): Refusal {
  return { error };
}

export function RefusalNote({ refusal }: { refusal: Refusal }) {
  const describe = useDescribeError();
  return (
    <div role="alert" className="handoff-refusal">
      <p>{describe(refusal.error)}</p>
    </div>
  );
}
