export { runSimulation, ALL_FAULTS, type FaultKinds, type SimulationOptions, type SimulationResult } from './simulation';
export { describeMessage } from './describe-message';
