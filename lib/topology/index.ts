export * from "./schema";
export * from "./load";
export * from "./k8s-object";
export * from "./to-yaml";
export * from "./ownership";
export * from "./model";
export * from "./synthetic";
