export { describeEventLoopConformance } from './describe-event-loop-conformance.js';
export type { ConformanceOptions } from './suite-context.js';
export { describeNetworkingConformance, type NetworkingConformanceOptions } from './networking.js';
