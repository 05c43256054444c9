// At most a few password hashes run at once per process; a flood of sign-ins waits here (or is
// turned away when the queue is full) instead of taking every core and starving other requests.
import pLimit from "p-limit";
import { AppError } from "@/lib/errors/app-error";

export type HashingGate = <T>(work: () => Promise<T>) => Promise<T>;

export function createHashingGate(concurrency: number, maxQueued: number): HashingGate {
  const limit = pLimit(concurrency);
  // Note: counted here rather than with p-limit's pendingCount, which moves a call from pending to
  // active only in a later microtask.
  let admitted = 0;
  return async (work) => {
    if (admitted >= concurrency + maxQueued) {
      throw new AppError("RATE_LIMITED", "Too many sign-ins at once. Try again in a few seconds.");
    }
    admitted += 1;
    try {
      return await limit(work);
    } finally {
      admitted -= 1;
    }
  };
}

const globalGate = globalThis as unknown as { portico_hashing_gate?: HashingGate };

/** One hash at a time leaves the other core to every other request on the 2-core machines. */
export const hashingGate = (globalGate.portico_hashing_gate ??= createHashingGate(1, 32));
