/**
 * Remembers the named environment settings as they are now; the function it returns puts them back
 * (unset again where they were unset), for a test file that changes them for its own run.
 */
export function saveEnv(names: readonly string[]): () => void {
  const saved = new Map(names.map((k) => [k, process.env[k]]));
  return () => {
    for (const [k, v] of saved)
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
  };
}
