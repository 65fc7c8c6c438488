import { describe, expect, it } from 'vitest';
import { fleetProblems, loadDemoFleet } from '../../src/demo/fleet-file.js';
import { planRooms, roomRootOf } from '../../src/demo/plan.js';
import { timetableIcs } from '../../src/demo/room-config.js';
import { parseCalendar, slotsBetween } from '../../src/agent/timetable/ical.js';

describe('the demo fleet (config/demo/fleet.yaml)', () => {
  const fleet = loadDemoFleet();

  it('has the 17 countries of the programme, real time zones, and no duplicate site', () => {
    expect(fleet.countries).toHaveLength(17);
    expect(fleetProblems(fleet)).toEqual([]);
  });

  it('reports every problem of a broken description at once', () => {
    const broken = structuredClone(fleet);
    const [first] = broken.countries;
    if (first === undefined) throw new Error('empty fleet');
    first.timezone = 'Africa/Atlantis';
    broken.countries.push({ ...first });
    const problems = fleetProblems(broken);
    expect(problems.some((p) => p.includes('Africa/Atlantis'))).toBe(true);
    expect(problems.some((p) => p.includes('listed twice'))).toBe(true);
    expect(fleetProblems({ name: 'x' }).length).toBeGreaterThan(0);
  });

  it('spreads rooms over every country, with unique valid ids and timetables the agent can read', () => {
    const now = Date.UTC(2025, 2, 10, 9, 0);
    const plans = planRooms(fleet, { rooms: 600, now, ptyRooms: 2 });
    expect(new Set(plans.slice(0, 40).map((p) => p.country)).size).toBe(17);
    const roots = plans.map(roomRootOf);
    expect(new Set(roots).size).toBe(600);
    for (const root of roots) expect(root).toMatch(/^sc\/v1\/[a-z]{2}\/[a-z0-9-]+\/[a-z0-9][a-z0-9-]*$/);
    expect(plans.filter((p) => p.panelPty).map((p) => p.index)).toEqual([0, 1]);
    const plan = plans[0];
    if (plan === undefined) throw new Error('no plan');
    // Most rooms have a class due around now, so the demo is alive at once.
    const due = plans.slice(0, 100).filter((p) => p.slots.some((s) => s.start <= now + 30 * 60_000 && s.end > now));
    expect(due.length).toBeGreaterThan(50);
    const calendar = parseCalendar(timetableIcs(plan, plan.slots), 'demo.ics', plan.timezone);
    const read = slotsBetween(calendar, now - 86_400_000, now + 86_400_000);
    const first = plan.slots[0];
    expect(read[0]).toMatchObject({ start: first?.start, end: first?.end, course: first?.course, teacher: first?.teacher });
  });
});
