// How the sync tells failures apart: one the cluster may get over (network, 429, 5xx, a shutdown)
// fails the job so the queue retries it with backoff; one that belongs to a single object
// (invalid, forbidden, conflict) is recorded on that object and final for its current content.
import { isKubeApiError, type KubeApiError } from "@/lib/k8s/kube-api-error";

/** A transient failure: the job fails and the queue retries it with backoff. */
export class TransientSyncError extends Error {
  constructor(
    message: string,
    readonly kind: string,
  ) {
    super(message);
  }
}

export function errorKindOf(err: unknown): string {
  return isKubeApiError(err) ? err.kind : "internal";
}

/** Cluster-wide reads: any failure fails the job, which the queue retries with backoff. */
export async function transient<T>(fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (err) {
    throw new TransientSyncError(err instanceof Error ? err.message : String(err), errorKindOf(err));
  }
}

/**
 * A failure that belongs to one object, returned to be recorded on it; anything the cluster may get
 * over is thrown instead as a TransientSyncError naming the object.
 */
export function finalFailure(err: unknown, what: string): KubeApiError {
  if (isKubeApiError(err) && !err.retryable && err.kind !== "aborted") return err;
  throw new TransientSyncError(
    `${what}: ${err instanceof Error ? err.message : String(err)}`,
    errorKindOf(err),
  );
}
