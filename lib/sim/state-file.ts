import { existsSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { type Identity } from "./access";
import { type KObject } from "./json";

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

/** Write-then-rename, so that a crash mid-write never leaves a truncated state file. */
export function saveState(path: string, state: StateFile): void {
  const tmp = `${path}.${process.pid}.tmp`;
  writeFileSync(tmp, JSON.stringify(state));
  renameSync(tmp, path);
}
