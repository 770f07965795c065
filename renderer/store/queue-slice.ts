import type { StoreApi } from 'zustand';
import type { AppState } from './app-store.ts';

/**
 * The queue at this counter, as UI state: which ticket the counter has called or is serving, and the last
 * announcement. The tickets themselves stay in RxDB (`db.tickets`); this slice only points at one.
 *
 * Intake reads `currentTicketId` to link the case it saves to the ticket (`ticketId` of the accepted event), then
 * marks the ticket done with `finishTicket` from `renderer/features/queue/ticket-actions.ts` and calls
 * `clearCurrentTicket()`.
 */
export interface QueueAnnouncement {
  ticketId: string;
  displayNumber: string;
  counter: number;
  kind: 'call' | 'recall';
  at: string;
}

export interface QueueSlice {
  /** The ticket this counter has called or is serving; null when the counter is free. */
  currentTicketId: string | null;
  /** The last call or recall made at this counter, shown in the announcement banner and read out. */
  lastAnnouncement: QueueAnnouncement | null;
  /** How many times each ticket was recalled at this counter today (the ticket document keeps only the last call). */
  recalls: Readonly<Record<string, number>>;
  setCurrentTicket(ticketId: string | null): void;
  clearCurrentTicket(): void;
  announce(announcement: QueueAnnouncement): void;
}

type SetState = StoreApi<AppState>['setState'];

const patchQueue =
  (change: Partial<QueueSlice> | ((queue: QueueSlice) => Partial<QueueSlice>)) =>
  (state: AppState): Partial<AppState> => ({
    queue: { ...state.queue, ...(typeof change === 'function' ? change(state.queue) : change) },
  });

export const createQueueSlice = (set: SetState): QueueSlice => ({
  currentTicketId: null,
  lastAnnouncement: null,
  recalls: {},
  setCurrentTicket: (currentTicketId) => set(patchQueue({ currentTicketId })),
  clearCurrentTicket: () => set(patchQueue({ currentTicketId: null })),
  announce: (announcement) =>
    set(
      patchQueue((queue) => ({
        lastAnnouncement: announcement,
        recalls:
          announcement.kind === 'recall'
            ? { ...queue.recalls, [announcement.ticketId]: (queue.recalls[announcement.ticketId] ?? 0) + 1 }
            : queue.recalls,
      })),
    ),
});
