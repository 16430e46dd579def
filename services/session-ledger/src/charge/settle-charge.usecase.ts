import { Injectable } from '@nestjs/common';
import { batchedHandOffServes, ChargeState, type CommandError, type SettleChargeRequest, type SettleChargeResult } from '@quietpay/contracts';
import { toQuietpayError, toWireError } from '@quietpay/platform';
import { ReserveChargeUseCase } from '../payment/reserve-charge.usecase';
import { ServeChargeUseCase } from './serve-charge.usecase';
import { SubmitChargeUseCase } from './submit-charge.usecase';

/**
 * Batched mode's /settle in one request (SettleCharge): ReserveCharge, SubmitCharge of the record
 * the reservation wrote, and ServeCharge for the caller's token when the hand-off is a success the
 * gateway answers at once. Each step is the same code as its own command, so the money rules are
 * theirs (reserve re-runs every check atomically; only the ledger's record is handed over; a
 * refusal is released; one serve per charge). What it saves is two gateway → ledger round trips
 * and the ledger's re-reads of a charge it just wrote (four Redis round trips).
 *
 * A reservation that fails throws (the command's error: nothing was handed over or served). A
 * failure after it is an answer, so the gateway knows the charge is reserved and what happened.
 */
@Injectable()
export class SettleChargeUseCase {
  constructor(
    private readonly reserveCharge: ReserveChargeUseCase,
    private readonly submitCharge: SubmitChargeUseCase,
    private readonly serveCharge: ServeChargeUseCase,
  ) {}

  async execute(request: SettleChargeRequest): Promise<SettleChargeResult> {
    const { payload, legacyPayload, requirements, resource, idempotencyKey } = request;
    const charge = await this.reserveCharge.execute({ payload, legacyPayload, requirements, resource, idempotencyKey });
    // A repeat of a charge that failed and was released: it pays for nothing (the gateway says so).
    if (charge.state === ChargeState.RELEASED) return { charge, served: false };
    let receipt;
    try {
      receipt = await this.submitCharge.handOff(charge, { waitForConfirmation: false, timeoutMs: request.timeoutMs });
    } catch (error) {
      return { charge, submitError: commandError(error), served: false };
    }
    if (!batchedHandOffServes(receipt)) return { charge, receipt, served: false };
    try {
      await this.serveCharge.claim(charge.settlementId, charge.sessionId, charge.idempotencyKey, request.serveToken);
      return { charge, receipt, served: true };
    } catch (error) {
      return { charge, receipt, served: false, serveError: commandError(error) };
    }
  }
}

function commandError(error: unknown): CommandError {
  return toWireError(toQuietpayError(error));
}
