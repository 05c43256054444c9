export { run, USAGE } from "./main";
export type { Io } from "./io";
