// Calls into a web worker that answers `{ id, input }` with `{ id, result }` or `{ id, error }`.
// The worker starts on first use (or on `warm()`); when it cannot start or fails, calls reject and
// the caller runs the same work on the main thread.
export type WorkerClient<I, R> = { warm(): void; call(input: I): Promise<R> };

type Answer<R> = { id: number; result?: R; error?: string };

export function workerClient<I, R>(start: () => Worker): WorkerClient<I, R> {
  let worker: Worker | null | undefined;
  let nextId = 0;
  const pending = new Map<number, { resolve: (r: R) => void; reject: (e: Error) => void }>();

  const get = (): Worker | null => {
    if (worker !== undefined) return worker;
    try {
      worker = start();
      worker.onmessage = (e: MessageEvent<Answer<R>>) => {
        const p = pending.get(e.data.id);
        if (!p) return;
        pending.delete(e.data.id);
        if (e.data.error === undefined) p.resolve(e.data.result as R);
        else p.reject(new Error(e.data.error));
      };
      worker.onerror = () => {
        // Note: a worker that fails to load rejects everything in flight; later calls run inline.
        worker = null;
        for (const [id, p] of pending) {
          pending.delete(id);
          p.reject(new Error("worker failed"));
        }
      };
    } catch {
      worker = null;
    }
    return worker;
  };

  return {
    warm: () => void get(),
    call(input: I): Promise<R> {
      const w = get();
      if (!w) return Promise.reject(new Error("no worker"));
      const id = nextId++;
      return new Promise<R>((resolve, reject) => {
        pending.set(id, { resolve, reject });
        w.postMessage({ id, input });
      });
    },
  };
}

/** The worker side: answers each `{ id, input }` with what `handle` returns (or throws). */
export function serveWorker<I, R>(handle: (input: I) => R | Promise<R>): void {
  const scope = self as unknown as {
    addEventListener(type: "message", fn: (e: MessageEvent<{ id: number; input: I }>) => void): void;
    postMessage(message: Answer<R>): void;
  };
  scope.addEventListener("message", (e) => {
    const { id, input } = e.data;
    Promise.resolve()
      .then(() => handle(input))
      .then(
        (result) => scope.postMessage({ id, result }),
        (err: unknown) => scope.postMessage({ id, error: err instanceof Error ? err.message : String(err) }),
      );
  });
}
