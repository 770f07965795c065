import { deepEqual, type RxConflictHandler, type WithDeleted } from 'rxdb';
import type { Ticket } from '../../shared/schemas/index.ts';

/**
 * Which state of a ticket stands when this counter's change meets a different one at the hub (two counters called
 * the same ticket, one of them offline). The hub's state wins — whoever reached the hub first called the ticket —
 * except that a ticket this counter is actually serving or has finished is never handed back: the citizen is at this
 * counter, and a case may already point at the ticket. Nor does a call made here give way to a hub state that no
 * counter holds (another counter skipped the ticket, or it was put back in the queue): both counters announced the
 * number, the citizen did not come to the other one, and may be standing at this one. Two counters both serving one
 * ticket cannot happen in the room; if it does in the data, the hub's state wins there too.
 */
export function resolveTicketConflict(master: Ticket, local: Ticket): Ticket {
  if (master.status === 'done') return master;
  if (local.status === 'done') return local;
  if (local.status === 'serving' && master.status !== 'serving') return local;
  if (local.status === 'called' && (master.status === 'skipped' || master.status === 'waiting')) return local;
  return master;
}

export const ticketConflictHandler: RxConflictHandler<Ticket> = {
  isEqual: (a, b) => deepEqual(a, b),
  resolve: async ({ newDocumentState, realMasterState }) => {
    if (realMasterState._deleted || newDocumentState._deleted) return realMasterState;
    const { _deleted: _a, ...local } = newDocumentState;
    const { _deleted: _b, ...master } = realMasterState;
    const winner = resolveTicketConflict(master as Ticket, local as Ticket);
    return winner === master ? realMasterState : ({ ...winner, _deleted: false } as WithDeleted<Ticket>);
  },
};
