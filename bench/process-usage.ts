// What a benchmark's child process has used so far, read from Linux's /proc (the machines Portico's
// benchmarks run on): its resident memory and the CPU time it has spent. CPU time per unit of work
// depends far less on what else runs on the machine than wall-clock rates do.
import { readFileSync } from "node:fs";

/** Clock ticks per second of /proc's times (USER_HZ: 100 on Linux for x86 and arm). */
const TICKS_PER_S = 100;

export function rssMb(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, "utf8");
  return Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0) / 1024;
}

/** User plus system CPU time of the process (not of its children), in seconds. */
export function cpuSeconds(pid: number): number {
  // Note: the command name (field 2) may hold spaces; the fields after its closing parenthesis
  // start at field 3, so utime and stime (fields 14 and 15) are at 11 and 12 there.
  const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  return (Number(fields[11]) + Number(fields[12])) / TICKS_PER_S;
}
