import { ConfigError, formatPath, type ConfigProblem } from '../core/config/index.js';
import { ACTIONS as REMOTE_ACTIONS } from '../contract/mqtt/payloads.js';
import { isParallel, REQUIRED_SCENES, type RoomLoadedConfig, type StepConfig } from './config.js';
import type { DevicePlan } from './devices/build.js';
import { checkAction } from './scenes/actions.js';

/**
 * Checks what the schema cannot: scenes name devices that exist and actions those devices'
 * capabilities allow, the required scenes are there, keypads point at real scenes. Every
 * problem carries its line in the config file.
 */
export function validateRoom(config: RoomLoadedConfig, plans: readonly DevicePlan[], deviceProblems: readonly ConfigProblem[] = []): void {
  const problems: ConfigProblem[] = [...deviceProblems];
  const problem = (path: (string | number)[], message: string): void => {
    problems.push({ file: config.file, ...config.locate(path), field: formatPath(path), message });
  };
  const devices = new Map(plans.map((p) => [p.config.id, p]));
  const scenes = config.value.scenes ?? {};
  for (const required of REQUIRED_SCENES) {
    if (!Object.hasOwn(scenes, required)) problem(['scenes'], `has no ${required} scene, expected the scenes start-class and end-class (the wall panel's buttons)`);
  }
  const checkStep = (step: StepConfig, path: (string | number)[]): void => {
    const plan = step.device === undefined ? undefined : devices.get(step.device);
    if (step.device !== undefined && plan === undefined) {
      problem([...path, 'device'], `is "${step.device}", expected one of the devices: ${[...devices.keys()].join(', ') || '(none)'}`);
      return;
    }
    const capabilities = plan?.descriptor?.capabilities;
    for (const message of checkAction(step.action, step.args ?? {}, step.device, capabilities)) problem([...path, 'action'], message);
  };
  for (const [id, scene] of Object.entries(scenes)) {
    // Step ids seen before the current step (or group): `after:` may only name those.
    const earlier = new Set<string>();
    scene.steps.forEach((step, i) => {
      const group = isParallel(step) ? step.parallel.map((s, j) => ({ s, path: ['scenes', id, 'steps', i, 'parallel', j] })) : [{ s: step, path: ['scenes', id, 'steps', i] }];
      for (const { s, path } of group) {
        checkStep(s, path);
        (s.after ?? []).forEach((ref, k) => {
          if (!earlier.has(ref)) problem([...path, 'after', k], `is "${ref}", expected the id of an earlier step of this scene (not one in the same parallel group): ${[...earlier].join(', ') || '(none yet)'}`);
        });
      }
      for (const { s, path } of group) {
        if (s.id === undefined) continue;
        if (earlier.has(s.id)) problem([...path, 'id'], `"${s.id}" is used by another step of this scene; step ids must differ`);
        earlier.add(s.id);
      }
    });
  }
  (config.value.keypads ?? []).forEach((keypad, i) => {
    if (!devices.has(keypad.device)) problem(['keypads', i, 'device'], `is "${keypad.device}", expected one of the devices`);
    for (const [key, binding] of Object.entries(keypad.keys)) {
      const path = ['keypads', i, 'keys', key];
      if ((binding.scene === undefined) === (binding.action === undefined)) problem(path, 'expected either a scene or an action (with a device)');
      if (binding.scene !== undefined && !Object.hasOwn(scenes, binding.scene)) problem([...path, 'scene'], `is "${binding.scene}", expected one of the scenes: ${Object.keys(scenes).join(', ')}`);
      if (binding.action !== undefined) checkStep({ action: binding.action, ...(binding.device === undefined ? {} : { device: binding.device }), ...(binding.args === undefined ? {} : { args: binding.args }) }, path);
      if (binding.action === undefined && binding.args !== undefined) problem([...path, 'args'], 'are given without an action, expected an action (with a device) that takes them');
      (binding.lights ?? []).forEach((rule, j) => {
        for (const field of ['recording', 'failing'] as const) {
          const ref = rule.when[field];
          if (typeof ref === 'string' && !devices.has(ref)) problem([...path, 'lights', j, 'when', field], `is "${ref}", expected true, false or one of the devices: ${[...devices.keys()].join(', ')}`);
        }
      });
    }
  });
  (config.value.remote?.allow ?? []).forEach((action, i) => {
    if (!(REMOTE_ACTIONS as readonly string[]).includes(action)) problem(['remote', 'allow', i], `is "${action}", expected one of: ${REMOTE_ACTIONS.join(', ')}`);
  });
  const tt = config.value.timetable;
  if (tt !== undefined && (tt.url === undefined) === (tt.file === undefined)) problem(['timetable'], 'expected either url (an iCal feed) or file (an iCal file), not both or neither');
  if (problems.length > 0) throw new ConfigError(config.file, problems.sort((a, b) => a.line - b.line || a.col - b.col));
}
