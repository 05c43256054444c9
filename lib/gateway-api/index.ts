export * from "./note";
export * from "./render-gateway";
export * from "./render-http-route";
export * from "./gateway-deployment-name";
export * from "./route-refusals";
export * from "./rule-order";
export * from "./subset-service";
