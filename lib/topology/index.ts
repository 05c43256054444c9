// Browser-safe: everything here is pure. Node-only helpers (examples.ts reads docs/examples,
// export-json-schema.ts writes the schema file) are imported by path.
export * from "./schema";
export * from "./load";
export * from "./k8s-object";
export * from "./to-yaml";
export * from "./ownership";
export * from "./model";
export * from "./synthetic";
export * from "./empty-topology";
export * from "./document-changes";
export * from "./revert-change";
