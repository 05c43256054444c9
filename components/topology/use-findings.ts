"use client";
// The analyzer's findings for a topology, computed in a web worker so the picture stays responsive
// while they are; inline when no worker can start. Undefined until the findings of this very
// topology are known: another topology's findings would badge the wrong nodes. Used for a draft file,
// which only the browser has; a stored revision's findings come from the server
// (use-revision-findings.ts).
import { useEffect, useState } from "react";
import type { Finding } from "@/lib/analysis";
import type { Topology } from "@/lib/topology";
import { workerClient } from "./worker-client";

const analyzer = workerClient<Topology, Finding[]>(
  () => new Worker(new URL("./analyze.worker.ts", import.meta.url), { type: "module" }),
);

export function useFindings(topology: Topology | undefined): Finding[] | undefined {
  const [state, setState] = useState<{ topology?: Topology; findings?: Finding[] }>({});
  useEffect(() => {
    if (!topology) return;
    let cancelled = false;
    void analyzer
      .call(topology)
      .catch(async () => (await import("@/lib/analysis")).analyze(topology))
      .then((findings) => {
        if (!cancelled) setState({ topology, findings });
      });
    return () => {
      cancelled = true;
    };
  }, [topology]);
  return state.topology === topology ? state.findings : undefined;
}
