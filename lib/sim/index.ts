export {
  startSimulator,
  type Simulator,
  type SimulatorOptions,
  type SimulatedClusterInfo,
  type TokenSpec,
} from "./simulator";
export { type ClusterOptions } from "./cluster";
export { type Faults, type CompetingWriter } from "./faults";
export { type AccessRule } from "./access";
export { type CounterSnapshot } from "./counters";
export { type ScenarioFaults } from "./demo-scenario";
