export * from "./finding";
export * from "./analyze";
export * from "./context";
export * from "./hosts";
export * from "./match-set";
export * from "./rule";
export { RULES } from "./rules";
export * from "./contract";
export * from "./plan";
