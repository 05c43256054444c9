// Runs the analyzer off the main thread for the topology explorer: on a large estate it takes long
// enough to delay the first click on the picture.
import { analyze } from "@/lib/analysis";
import type { Topology } from "@/lib/topology";
import { serveWorker } from "./worker-client";

serveWorker((topology: Topology) => analyze(topology));
