import { describe, expect, it } from 'vitest';
import {
  assertTransition,
  canTransition,
  nextOrderAction,
  type DealNow,
} from '../../../src/flows/orders/order-state.js';

const closedWon: DealNow = {
  closedWon: true,
  factsHash: 'h1',
  orderNumberOnDeal: null,
  syncStatusOnDeal: null,
};

describe('order state machine', () => {
  it('allows only the documented transitions', () => {
    expect(canTransition(null, 'pending')).toBe(true);
    expect(canTransition(null, 'submitted')).toBe(true);
    expect(canTransition(null, 'confirmed')).toBe(false);
    expect(canTransition('pending', 'submitted')).toBe(true);
    expect(canTransition('pending', 'confirmed')).toBe(false);
    expect(canTransition('submitted', 'confirmed')).toBe(true);
    expect(canTransition('submitted', 'rejected')).toBe(true);
    expect(canTransition('confirmed', 'submitted')).toBe(false);
    expect(canTransition('confirmed', 'pending')).toBe(false);
    expect(canTransition('rejected', 'submitted')).toBe(true);
    expect(() => assertTransition('7', 'confirmed', 'submitted')).toThrow(
      /illegal transition confirmed → submitted/,
    );
    expect(() => assertTransition('7', 'pending', 'submitted')).not.toThrow();
  });

  it('submits new and pending closed-won deals, skips the others', () => {
    expect(nextOrderAction(null, closedWon)).toBe('submit');
    expect(nextOrderAction(null, { ...closedWon, closedWon: false })).toBe('skip');
    const pending = {
      orderStage: 'pending' as const,
      state: 'failed' as const,
      targetId: null,
      snapshot: { factsHash: 'h1' },
    };
    expect(nextOrderAction(pending, closedWon)).toBe('submit');
    expect(nextOrderAction(pending, { ...closedWon, closedWon: false })).toBe('skip');
  });

  it('always resolves an in-flight submission first, even if the deal left closed-won', () => {
    const submitted = {
      orderStage: 'submitted' as const,
      state: 'failed' as const,
      targetId: null,
      snapshot: { factsHash: 'h1' },
    };
    expect(nextOrderAction(submitted, closedWon)).toBe('resolve');
    expect(nextOrderAction(submitted, { ...closedWon, closedWon: false })).toBe('resolve');
  });

  it('never resubmits a confirmed order; retries only a missing or stale write-back', () => {
    const confirmed = {
      orderStage: 'confirmed' as const,
      state: 'ok' as const,
      targetId: 'HS1',
      snapshot: { factsHash: 'h1' },
    };
    const onDeal = { ...closedWon, orderNumberOnDeal: 'HS1', syncStatusOnDeal: 'synced' };
    expect(nextOrderAction(confirmed, onDeal)).toBe('unchanged');
    expect(nextOrderAction(confirmed, { ...onDeal, closedWon: false })).toBe('unchanged');
    expect(nextOrderAction({ ...confirmed, state: 'failed' }, onDeal)).toBe('write-back');
    expect(nextOrderAction(confirmed, { ...onDeal, orderNumberOnDeal: null })).toBe('write-back');
    expect(nextOrderAction(confirmed, { ...onDeal, syncStatusOnDeal: 'error' })).toBe('write-back');
    expect(nextOrderAction(confirmed, onDeal, { replay: true })).toBe('unchanged');
  });

  it('retries a rejected deal only when its facts changed or on replay', () => {
    const rejected = {
      orderStage: 'rejected' as const,
      state: 'failed' as const,
      targetId: null,
      snapshot: { factsHash: 'h1' },
    };
    expect(nextOrderAction(rejected, closedWon)).toBe('skip');
    expect(nextOrderAction(rejected, { ...closedWon, factsHash: 'h2' })).toBe('submit');
    expect(nextOrderAction(rejected, closedWon, { replay: true })).toBe('submit');
    expect(nextOrderAction(rejected, { ...closedWon, closedWon: false }, { replay: true })).toBe('skip');
  });
});
