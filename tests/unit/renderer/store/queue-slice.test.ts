import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { MemoryStorage } from '../../../helpers/memory-storage.ts';

// The store reads its settings from localStorage when it is created: give it one first.
const storage = new MemoryStorage();
Object.defineProperty(globalThis, 'localStorage', { value: storage, configurable: true });
const { resetAppStore, useAppStore } = await import('../../../../renderer/store/index.ts');

const call = (ticketId: string, kind: 'call' | 'recall') => ({
  ticketId,
  displayNumber: 'A001',
  counter: 2,
  kind,
  at: '2026-11-26T02:00:00.000Z',
});

describe('the queue slice of the app store', () => {
  beforeEach(() => resetAppStore());
  afterEach(() => resetAppStore());

  it('points at the ticket this counter holds until it is cleared', () => {
    const { queue } = useAppStore.getState();
    expect(queue.currentTicketId).toBeNull();
    queue.setCurrentTicket('ticket-1');
    expect(useAppStore.getState().queue.currentTicketId).toBe('ticket-1');
    useAppStore.getState().queue.clearCurrentTicket();
    expect(useAppStore.getState().queue.currentTicketId).toBeNull();
  });

  it('keeps the last announcement and counts recalls per ticket', () => {
    const { queue } = useAppStore.getState();
    queue.announce(call('ticket-1', 'call'));
    queue.announce(call('ticket-1', 'recall'));
    queue.announce(call('ticket-1', 'recall'));
    const state = useAppStore.getState().queue;
    expect(state.lastAnnouncement?.kind).toBe('recall');
    expect(state.recalls).toEqual({ 'ticket-1': 2 });
  });

  it('leaves the other slices alone', () => {
    const before = useAppStore.getState().navigation;
    useAppStore.getState().queue.setCurrentTicket('ticket-2');
    expect(useAppStore.getState().navigation).toBe(before);
  });

  it('starts empty again after a reset', () => {
    useAppStore.getState().queue.setCurrentTicket('ticket-3');
    resetAppStore();
    expect(useAppStore.getState().queue.currentTicketId).toBeNull();
  });
});
