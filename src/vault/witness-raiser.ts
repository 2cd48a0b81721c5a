import type { Witness } from './page-log';

/**
 * Raises main's rollback witness (docs/threat-model.md, "Rollback and replay") without making a
 * page write wait for main's answer. Each raise is sent the moment its head is written, as when the
 * write waited: main runs one vault's key-file changes (and reads) one after another in the order
 * sent and only ever raises, so what main keeps, and when it hears of it, is unchanged. Only the
 * answer comes later: a raise main refuses or fails stops the log's writes from then on (check()),
 * so no page is written that main is known not to witness.
 */
export class WitnessRaiser {
  private answered: Promise<unknown> = Promise.resolve();
  private failure: { error: unknown } | undefined;

  constructor(private readonly witness: Witness) {}

  /** Sends a raise now; its answer is not waited for. */
  send(lastSeq: number): void {
    const answer = this.witness.advance(lastSeq).catch((error: unknown) => {
      this.failure ??= { error };
    });
    this.answered = Promise.all([this.answered, answer]);
  }

  /** Throws main's refusal (or failure) of a raise sent earlier. */
  check(): void {
    if (this.failure) throw this.failure.error;
  }

  /** Waits for every raise sent so far, then throws as check() does. */
  async settled(): Promise<void> {
    await this.answered;
    this.check();
  }
}
