/** Simulated rooms on the real MQTT contract: browser tests, the demo and the ingest benchmark. */
export { DEMO_COUNTRIES, DEFAULT_REMOTE_ALLOW, planFleet, type CountryPlan, type FleetPlanOptions, type SimDeviceSpec, type SimRoomSpec } from './plan.js';
export { SimulatedRoom, type SimCredential, type SimRoomOptions } from './sim-room.js';
export { SimulatedFleet, type SimulatedFleetOptions } from './sim-fleet.js';
