/**
 * The room's events and the shapes they carry are the contract's (src/contract/): the agent's
 * live feed sends them to the pages as they are, so both sides read one definition.
 */
export type { Actor, HelpState, SceneResult, SessionProblem, SessionSnapshot, StepError, StepResult, TimetableSlot } from '../contract/room.js';
export type { CommandDone, DeviceStateChange, HelpRequest, HelpStateChange, RoomEvents, SceneProgress, SceneStarted, SessionChange, TimetableLoaded } from '../contract/room-events.js';
export { ROOM_EVENT_NAMES, type RoomEventName, type SceneStatus, type StepStatus } from '../contract/names.js';
