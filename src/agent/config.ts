import type { LoadedConfig, RoomConfig } from '../core/config/index.js';

/** One device, one scene and one step of the room config, as the agent reads them. */
export type DeviceConfig = RoomConfig['devices'][number];
export type SceneConfig = NonNullable<RoomConfig['scenes']>[string];
export type StepOrGroupConfig = SceneConfig['steps'][number];
export type StepConfig = Exclude<StepOrGroupConfig, { parallel: unknown }>;
export type StepArgs = NonNullable<StepConfig['args']>;
export type TimetableConfig = NonNullable<RoomConfig['timetable']>;
export type RoomLoadedConfig = LoadedConfig<RoomConfig>;

export function isParallel(step: StepOrGroupConfig): step is { parallel: StepConfig[] } {
  return 'parallel' in step;
}

/** The scenes every room must have: the wall panel's two big buttons. */
export const REQUIRED_SCENES = ['start-class', 'end-class'] as const;
