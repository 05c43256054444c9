import { mkdirSync, readFileSync, readdirSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { K8sObject, Topology } from "@/lib/topology";
import { parseTopologyText } from "@/lib/topology";
import { readObjects } from "@/lib/analysis/plan/read-objects";
import { UsageError } from "./args";

export interface Io {
  out(text: string): void;
  err(text: string): void;
}

/** Unreadable files are usage errors (exit 2); invalid documents are reported as findings (exit 1). */
export function readText(path: string): string {
  try {
    return readFileSync(path, "utf8");
  } catch (e) {
    throw new UsageError(
      `cannot read ${path}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`,
      false,
    );
  }
}

export type LoadResult =
  | { ok: true; topology: Topology }
  | { ok: false; message: string; errors: Array<{ path: string; message: string; hint: string }> };

export function loadTopology(path: string): LoadResult {
  const r = parseTopologyText(readText(path));
  if (r.ok) return r;
  const lines = r.errors.map((e) => `  ${e.path}: ${e.message} (hint: ${e.hint})`);
  return { ok: false, message: `${path}: invalid topology\n${lines.join("\n")}`, errors: r.errors };
}

/** All objects in the YAML/JSON files of a directory (sorted by file name). */
export function readLiveDir(dir: string): K8sObject[] {
  let names: string[];
  try {
    if (!statSync(dir).isDirectory()) throw new UsageError(`${dir} is not a directory`, false);
    names = readdirSync(dir)
      .filter((n) => /\.(ya?ml|json)$/.test(n))
      .sort();
  } catch (e) {
    if (e instanceof UsageError) throw e;
    throw new UsageError(
      `cannot read directory ${dir}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`,
      false,
    );
  }
  const out: K8sObject[] = [];
  for (const n of names) {
    try {
      out.push(...readObjects(readText(join(dir, n))));
    } catch (e) {
      if (e instanceof UsageError) throw e;
      throw new UsageError(`cannot parse ${join(dir, n)}: ${(e as Error).message}`, false);
    }
  }
  return out;
}

/** Creates an output directory (and its parents); failing to is a usage error (exit 2). */
export function makeDir(dir: string): void {
  try {
    mkdirSync(dir, { recursive: true });
  } catch (e) {
    throw new UsageError(
      `cannot create directory ${dir}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`,
      false,
    );
  }
}

export function writeText(path: string, text: string): void {
  try {
    writeFileSync(path, text);
  } catch (e) {
    throw new UsageError(
      `cannot write ${path}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`,
      false,
    );
  }
}
