import { readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { join } from 'node:path';
import { parseConfig } from '../../src/core/config/index.js';
import { packageRoot } from '../../src/core/paths.js';
import { median, runIfMain, type Bench } from './lib.js';

/**
 * Boot-time cost of reading a room config: YAML parse, schema validation with line mapping,
 * secret resolution and freezing. Compared with a bare YAML parse of the same text in the
 * same run, so the ratio is meaningful on a noisy machine.
 */
const bench: Bench = async ({ quick }) => {
  const file = join(packageRoot(), 'config', 'room.example.yaml');
  const text = readFileSync(file, 'utf8');
  const env = { SC_MQTT_PASSWORD: 'x', SC_CAMERA_PASSWORD: 'y', SC_RECORDER_PASSWORD: 'z' };
  const { parse } = await import('yaml');
  const rounds = quick ? 3 : 7;
  const perRound = quick ? 20 : 200;
  const full: number[] = [];
  const bare: number[] = [];
  for (let r = 0; r < rounds; r++) {
    let t = performance.now();
    for (let i = 0; i < perRound; i++) parseConfig(text, file, { env });
    full.push((performance.now() - t) / perRound);
    t = performance.now();
    for (let i = 0; i < perRound; i++) parse(text);
    bare.push((performance.now() - t) / perRound);
  }
  const fullMs = median(full);
  const bareMs = median(bare);
  return {
    name: 'config',
    figures: {
      load_ms: Number(fullMs.toFixed(3)),
      yaml_parse_ms: Number(bareMs.toFixed(3)),
      overhead_ratio: Number((fullMs / bareMs).toFixed(2)),
    },
    note: 'median ms to load config/room.example.yaml, against a bare YAML parse of the same text',
  };
};

export default bench;
runIfMain(import.meta.url, bench);
