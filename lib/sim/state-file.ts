import { existsSync, readFileSync, renameSync } from "node:fs";
import { type Identity } from "./access";
import { type KObject } from "./json";
import { writeSecretFile } from "./secret-file";

export interface ClusterState {
  rv: number;
  tables: Record<string, KObject[]>;
  tokens: Identity[];
}

export interface StateFile {
  version: 1;
  adminToken: string;
  clusters: Record<string, ClusterState>;
  tls?: { ca: string; cert: string; key: string };
}

export function loadState(path: string): StateFile | undefined {
  if (!existsSync(path)) return undefined;
  const data = JSON.parse(readFileSync(path, "utf8")) as StateFile;
  if (data.version !== 1) throw new Error(`unsupported simulator state file version in ${path}`);
  return data;
}

/**
 * Write-then-rename, so that a crash mid-write never leaves a truncated state file; owner-only
 * (0600), because it holds the clusters' admin tokens and the TLS key.
 */
export function saveState(path: string, state: StateFile): void {
  const tmp = `${path}.${process.pid}.tmp`;
  writeSecretFile(tmp, JSON.stringify(state));
  renameSync(tmp, path);
}
