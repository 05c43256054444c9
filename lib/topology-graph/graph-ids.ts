// The ids of the graph's nodes, groups and edges. Apart from graph-model.ts so that the page, which
// gets its graph from the server (wire-graph.ts), needs nothing of the topology document's code.
export const HOSTS_GROUP = "hosts";
export const clusterGroupId = (cluster: string) => `cluster:${cluster}`;
export const namespaceGroupId = (cluster: string, namespace: string) => `ns:${cluster}/${namespace}`;
export const hostNodeId = (host: string) => `host:${host}`;
export const gatewayNodeId = (cluster: string, namespace: string, name: string) =>
  `gateway:${cluster}/${namespace}/${name}`;
export const serviceNodeId = (cluster: string, namespace: string, name: string) =>
  `service:${cluster}/${namespace}/${name}`;
export const clientNodeId = (cluster: string, namespace: string, name: string) =>
  `client:${cluster}/${namespace}/${name}`;
/** `source->target`: the id of the graph edge between two nodes. */
export const edgeId = (source: string, target: string) => `${source}->${target}`;
