export * from "./graph-ids";
export * from "./graph-model";
export * from "./diff-graphs";
export * from "./filter-graph";
export * from "./visible-graph";
export * from "./node-objects";
export * from "./edge-rate";
export * from "./wire-graph";
