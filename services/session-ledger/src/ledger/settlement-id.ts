import { randomUUID } from 'node:crypto';

// A settlement id carries its session id, so commit/release (which get only the settlement id)
// find the session's keys without a global index outside the session's cluster slot.
// Session ids never contain '.', so the last '.' separates the two parts.
const SEPARATOR = '.';

export function newSettlementId(sessionId: string): string {
  return `${sessionId}${SEPARATOR}${randomUUID()}`;
}

export function sessionIdOfSettlement(settlementId: string): string | undefined {
  const at = settlementId.lastIndexOf(SEPARATOR);
  return at > 0 ? settlementId.slice(0, at) : undefined;
}
