/**
 * Work run in the background of this process, one piece after another, so two pieces never compete for the
 * database (PGlite has one connection). `close` signals the running piece (and any still queued) to stop at its next step, and waits.
 */
export class BackgroundQueue {
  #tail: Promise<void> = Promise.resolve();
  readonly #abort = new AbortController();

  constructor(private readonly onError: (error: unknown) => void) {}

  enqueue(work: (signal: AbortSignal) => Promise<unknown>, onSettled?: () => void): void {
    this.#tail = this.#tail.then(async () => {
      try {
        await work(this.#abort.signal);
      } catch (error) {
        this.onError(error);
      } finally {
        onSettled?.();
      }
    });
  }

  /** Resolves when everything queued so far has run. */
  idle(): Promise<void> {
    return this.#tail;
  }

  async close(): Promise<void> {
    this.#abort.abort();
    await this.#tail;
  }
}
