import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Linter } from 'eslint';
import { beforeAll, describe, expect, it } from 'vitest';

const root = join(import.meta.dirname, '..', '..');
let config: Linter.Config[];

beforeAll(async () => {
  // The repository's own eslint.config.js, with type-aware linting off: the files below exist only here.
  const loaded = (await import(pathToFileURL(join(root, 'eslint.config.js')).href)) as { default: Linter.Config[] };
  config = [...loaded.default, { languageOptions: { parserOptions: { project: null } }, rules: { '@typescript-eslint/no-floating-promises': 'off' } }];
});

/** The layer messages ESLint gives for `code` as if it were the file `file` of this repository. */
function layerErrors(file: string, code: string): string[] {
  const linter = new Linter({ cwd: root });
  return linter
    .verify(code, config, { filename: join(root, file) })
    .filter((m) => m.ruleId === 'layers/imports' || m.fatal === true)
    .map((m) => m.message);
}

describe('npm run lint enforces the layers (docs/development.md, "Layers")', () => {
  it('fails a driver that imports the uplink, the fleet or the agent, however it imports', () => {
    expect(layerErrors('src/drivers/x.ts', "import { Uplink } from '../uplink/uplink.js';\nexport const u = Uplink;")).toEqual([
      expect.stringContaining('src/drivers may not import src/uplink ("../uplink/uplink.js")'),
    ]);
    expect(layerErrors('src/drivers/hid/x.ts', "export type F = import('../../fleet/service.js').FleetService;")).toEqual([expect.stringContaining('src/drivers may not import src/fleet')]);
    expect(layerErrors('src/drivers/x.ts', "export const load = () => import('../agent/agent.js');")).toEqual([expect.stringContaining('src/drivers may not import src/agent')]);
    expect(layerErrors('src/drivers/x.ts', "export { Uplink } from '../uplink/uplink.js';")).toHaveLength(1);
  });

  it('lets each layer use the ones below it', () => {
    expect(layerErrors('src/drivers/x.ts', "import type { DeviceState } from '../contract/device-state.js';\nimport { openTcp } from '../transports/index.js';\nexport type S = DeviceState;\nexport const o = openTcp;")).toEqual([]);
    expect(layerErrors('src/agent/http/routes/x.ts', "import { discoverSerial } from '../../../discovery/serial.js';\nexport const d = discoverSerial;")).toEqual([]);
    expect(layerErrors('src/cli/x.ts', "import { Agent } from '../agent/agent.js';\nexport const a = Agent;")).toEqual([]);
  });

  it('fails the arrows issue 15 found: the agent into the command line, the fleet into drivers, simulators above transports', () => {
    expect(layerErrors('src/agent/http/routes/x.ts', "import { discoverHid } from '../../../cli/discovery/hid.js';\nexport const d = discoverHid;")).toEqual([expect.stringContaining('src/agent may not import src/cli')]);
    expect(layerErrors('src/fleet/x.ts', "import type { DeviceState } from '../drivers/state.js';\nexport type S = DeviceState;")).toEqual([expect.stringContaining('src/fleet may not import src/drivers')]);
    expect(layerErrors('src/fleet/x.ts', "import { Uplink } from '../uplink/uplink.js';\nexport const u = Uplink;")).toEqual([expect.stringContaining('src/fleet may not import src/uplink')]);
    expect(layerErrors('src/simulators/x.ts', "import { Agent } from '../agent/agent.js';\nexport const a = Agent;")).toEqual([expect.stringContaining('src/simulators may not import src/agent')]);
    expect(layerErrors('src/core/x.ts', "import { roomTopics } from '../contract/mqtt/topics.js';\nexport const r = roomTopics;")).toEqual([expect.stringContaining('src/core may not import src/contract')]);
  });

  it('keeps the contract free of the project, of Node and of packages but TypeBox, and names.ts free of any import', () => {
    expect(layerErrors('src/contract/x.ts', "import { ScError } from '../core/errors/index.js';\nexport const e = ScError;")).toEqual([expect.stringContaining('src/contract may not import src/core')]);
    expect(layerErrors('src/contract/x.ts', "import { readFileSync } from 'node:fs';\nimport pino from 'pino';\nimport { Type } from '@sinclair/typebox';\nexport const x = [readFileSync, pino, Type];")).toEqual([
      expect.stringContaining('Node module "node:fs"'),
      expect.stringContaining('no package but @sinclair/typebox, not "pino"'),
    ]);
    expect(layerErrors('src/contract/names.ts', "import type { DeviceState } from './device-state.js';\nexport type S = DeviceState;")).toEqual([expect.stringContaining('imports nothing')]);
  });

  it('lets the pages import the contract as types, and as values only from names.ts', () => {
    const file = 'src/ui/wall-panel/components/x.tsx';
    expect(layerErrors(file, "import type { DeviceState } from '../../../contract/device-state.js';\nimport { SESSION_STATES } from '../../../contract/names.js';\nimport { get } from '@ui/api.ts';\nexport type S = DeviceState;\nexport const x = [SESSION_STATES, get];")).toEqual([]);
    expect(layerErrors(file, "import { DeviceStateSchema } from '../../../contract/device-state.js';\nexport const s = DeviceStateSchema;")).toEqual([expect.stringContaining('src/ui imports only types from src/contract')]);
    expect(layerErrors(file, "import type { RoomEvents } from '../../../agent/events.js';\nexport type E = RoomEvents;")).toEqual([expect.stringContaining('src/ui may not import src/agent')]);
    expect(layerErrors(file, "import { readFileSync } from 'node:fs';\nexport const r = readFileSync;")).toEqual([expect.stringContaining('Node module "node:fs"')]);
  });
});
