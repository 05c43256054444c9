// Runs ELK off the main thread for components/topology/graph-layout.ts.
import ELK from "elkjs/lib/elk.bundled.js";
import type { ElkNode } from "elkjs/lib/elk-api";

const elk = new ELK();
const scope = self as unknown as {
  addEventListener(type: "message", fn: (e: MessageEvent<{ id: number; graph: ElkNode }>) => void): void;
  postMessage(message: unknown): void;
};

scope.addEventListener("message", (e) => {
  const { id, graph } = e.data;
  elk.layout(graph).then(
    (result) => scope.postMessage({ id, result }),
    (err: unknown) => scope.postMessage({ id, error: err instanceof Error ? err.message : String(err) }),
  );
});
