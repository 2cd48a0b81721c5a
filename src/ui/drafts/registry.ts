import type { Draft, DraftKind, DraftValuesOf } from '../../core/model/draft';
import type { DraftInput } from '../../vault/drafts';

/**
 * The forms open in this renderer, and the draft a user chose to continue (docs/security.md,
 * "Drafts"). Plain module state, never storage: at an idle or suspend lock the session seals what
 * `unsaved()` returns into the vault; a panic lock seals nothing, and the renderer that held the
 * forms is replaced either way.
 */
export interface OpenForm<K extends DraftKind = DraftKind> {
  kind: K;
  target: string | undefined;
  /** The values the form opened with, as JSON: a form that still holds them has nothing unsaved. */
  baseline: string | undefined;
  /** What the form holds now; undefined when it holds nothing to keep (an import before its mapping step). */
  values(): DraftValuesOf<K> | undefined;
}

export class DraftRegistry {
  private readonly forms = new Set<OpenForm>();
  private waiting: Draft | undefined;

  /** A form opens; the returned function closes it. */
  register(form: OpenForm): () => void {
    this.forms.add(form);
    return () => void this.forms.delete(form);
  }

  /** Every open form whose values differ from those it opened with. */
  unsaved(): DraftInput[] {
    const out: DraftInput[] = [];
    for (const form of this.forms) {
      const values = form.values();
      if (values === undefined || JSON.stringify(values) === form.baseline) continue;
      out.push({ kind: form.kind, values, ...(form.target !== undefined && { target: form.target }) } as DraftInput);
    }
    return out;
  }

  /** The user chose "Continue": the draft waits for its form to open. */
  continueWith(draft: Draft): void {
    this.waiting = draft;
  }

  /** Which form a waiting draft of `kind` belongs to, without taking it (a screen that must open an editor first). */
  waitingFor(kind: DraftKind): { target: string | undefined } | undefined {
    return this.waiting?.kind === kind ? { target: this.waiting.target } : undefined;
  }

  /** The waiting draft's values, once, for the form of this kind and target. */
  take<K extends DraftKind>(kind: K, target: string | undefined): DraftValuesOf<K> | undefined {
    const draft = this.waiting;
    if (draft?.kind !== kind || draft.target !== target) return undefined;
    this.waiting = undefined;
    return draft.values as unknown as DraftValuesOf<K>;
  }

  /** The panic lock: nothing of the open forms is kept. */
  discardAll(): void {
    this.forms.clear();
    this.waiting = undefined;
  }
}

/** The one registry of the renderer. */
export const draftRegistry = new DraftRegistry();
