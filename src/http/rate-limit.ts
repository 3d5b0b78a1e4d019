import type { FastifyReply } from 'fastify';
import { ClienteleError } from '../lib/errors.ts';

/**
 * Callers held per window at most: a flood of made-up keys or addresses turns the window early instead of filling
 * memory (two windows of 100,000 callers are about 30 MiB); callers then start a new allowance, which errs towards
 * serving them.
 */
const MAX_CALLERS = 100_000;

interface Allowance {
  used: number;
  resetsAt: number;
}

/**
 * How many requests each caller may make in a window that starts at its first request, counted in this
 * process. Callers live in two maps that take turns: each window the older map is dropped, so the memory
 * holds only the callers of the last two windows (at most MAX_CALLERS each), and a caller still inside its
 * window is carried over. It answers without a promise, a timer or a header on the allowed path: on the hello
 * route, @fastify/rate-limit's hook, store and three headers were 1.5 µs of about 20 (BENCHMARKS.md, API
 * overhead).
 */
export class Allowances {
  #current = new Map<string, Allowance>();
  #previous = new Map<string, Allowance>();
  #turnsAt = 0;

  constructor(readonly max: number, readonly windowMs: number) {}

  /**
   * Counts one request of `caller`. Past the allowance it sets the reply's retry-after and rate headers and
   * answers the error to fail the request with; otherwise undefined.
   */
  take(caller: string, reply: FastifyReply): ClienteleError | undefined {
    const now = Date.now();
    if (now >= this.#turnsAt || this.#current.size >= MAX_CALLERS) {
      this.#previous = this.#current;
      this.#current = new Map();
      this.#turnsAt = now + this.windowMs;
    }
    let allowance = this.#current.get(caller);
    if (allowance === undefined) {
      allowance = this.#previous.get(caller) ?? { used: 0, resetsAt: 0 };
      this.#current.set(caller, allowance);
    }
    if (allowance.resetsAt <= now) {
      allowance.used = 0;
      allowance.resetsAt = now + this.windowMs;
    }
    allowance.used += 1;
    if (allowance.used <= this.max) return undefined;
    const seconds = Math.ceil((allowance.resetsAt - now) / 1000);
    reply.header('retry-after', String(seconds))
      .header('x-ratelimit-limit', String(this.max))
      .header('x-ratelimit-remaining', '0')
      .header('x-ratelimit-reset', String(seconds));
    return new ClienteleError('rate_limited', 'request.rate_limited', `Too many requests; try again in ${seconds} s.`, {
      extra: { retry_after: seconds },
    });
  }
}
