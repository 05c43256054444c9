// Runs ELK off the main thread for components/topology/graph-layout.ts.
import ELK from "elkjs/lib/elk.bundled.js";
import type { ElkNode } from "elkjs/lib/elk-api";
import { serveWorker } from "./worker-client";

const elk = new ELK();
serveWorker((graph: ElkNode) => elk.layout(graph));
