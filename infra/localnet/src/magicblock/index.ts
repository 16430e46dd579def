import type { LocalnetModule } from '../emulation/types';

export interface MagicBlockModuleOptions {
  privatePaymentsProgramId: string;
  delegationProgramId: string;
  validator: string;
  /** Port of the payments API stand-in (0 = ephemeral). */
  paymentsPort: number;
  host: string;
  /** Crank cadence in ms (default 500). */
  crankIntervalMs: number;
  /** The crank stops when nobody kicked it for this long (default 60 000). */
  crankIdleStopMs: number;
}

/** The MagicBlock private-payments API, transfer queue and crank stand-in. */
export function createMagicBlockModule(_options: MagicBlockModuleOptions): LocalnetModule {
  throw new Error('createMagicBlockModule: not implemented yet');
}
