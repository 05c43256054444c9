// The machine's real kubectl, as an independent client of the simulated clusters. When no kubectl
// exists the tests that need it fail under CI and say so loudly elsewhere, never pass silently.
// Note: kubectl runs asynchronously; a simulator in the same process must keep answering meanwhile.
import { execFile, spawnSync } from "node:child_process";
import { promisify } from "node:util";

const run = promisify(execFile);

export function kubectlAvailable(): { ok: true } | { ok: false; why: string } {
  const r = spawnSync("kubectl", ["version", "--client", "-o", "json"], { encoding: "utf8" });
  if (r.error)
    return {
      ok: false,
      why: `kubectl not found on PATH (${(r.error as NodeJS.ErrnoException).code ?? r.error.message})`,
    };
  if (r.status !== 0) return { ok: false, why: `kubectl version failed: ${r.stderr}` };
  return { ok: true };
}

/** Runs kubectl against a kubeconfig context and returns stdout; throws with stderr on failure. */
export async function kubectl(kubeconfig: string, context: string, args: string[]): Promise<string> {
  try {
    const { stdout } = await run(
      "kubectl",
      ["--kubeconfig", kubeconfig, "--context", context, "--request-timeout=10s", ...args],
      {
        env: { ...process.env, KUBECACHEDIR: "/tmp/portico-kubectl-cache" },
        maxBuffer: 64 * 1024 * 1024,
      },
    );
    return stdout;
  } catch (err) {
    const e = err as { stderr?: string; message: string };
    throw new Error(`kubectl ${args.join(" ")} failed: ${e.stderr || e.message}`);
  }
}

export type KubectlItem = {
  metadata: {
    name: string;
    namespace?: string;
    labels?: Record<string, string>;
    annotations?: Record<string, string>;
  };
  [k: string]: unknown;
};

/** `kubectl get ... -o json` items. */
export async function kubectlItems(
  kubeconfig: string,
  context: string,
  args: string[],
): Promise<KubectlItem[]> {
  const out = JSON.parse(await kubectl(kubeconfig, context, ["get", ...args, "-o", "json"])) as {
    items?: unknown[];
  };
  return (out.items ?? [out]) as KubectlItem[];
}
