/** The mass-change guard's arithmetic: more than maxShare of the linked records and at least minRecords. */
import { describe, expect, it } from 'vitest';
import { covers, isMassChange, massChangeThreshold } from '../../src/engine/mass-change.js';

const policy = { maxShare: 0.2, minRecords: 50 };
const tally = (linked: number, archive: number, update = 0, inactivate = 0) => ({
  linked,
  archive,
  update,
  inactivate,
});

describe('mass-change threshold', () => {
  it('holds only past both the share and the minimum', () => {
    expect(massChangeThreshold(100, policy)).toBe(49);
    expect(isMassChange(tally(100, 49), policy)).toBe(false);
    expect(isMassChange(tally(100, 30, 20), policy)).toBe(true);
    expect(massChangeThreshold(1000, policy)).toBe(200);
    expect(isMassChange(tally(1000, 200), policy)).toBe(false);
    expect(isMassChange(tally(1000, 150, 0, 51), policy)).toBe(true);
    // every record changed, but fewer than minRecords: never a mass change
    expect(isMassChange(tally(40, 40), policy)).toBe(false);
    // maxShare 1 turns the guard off
    expect(isMassChange(tally(1000, 1000), { maxShare: 1, minRecords: 50 })).toBe(false);
  });

  it('a confirmation covers a run that changes no kind more than confirmed', () => {
    expect(covers(tally(100, 80, 2), tally(100, 80, 1))).toBe(true);
    expect(covers(tally(100, 80, 2), tally(100, 81, 0))).toBe(false);
    expect(covers(tally(100, 80), tally(100, 0, 0, 1))).toBe(false);
  });
});
