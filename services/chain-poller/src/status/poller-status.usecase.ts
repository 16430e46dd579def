import { Inject, Injectable } from '@nestjs/common';
import type { PollerStatus } from '@quietpay/contracts';
import { PollerState } from '../polling/poller-state';
import { WatermarkRepository } from '../watermark/watermark.repository';
import type { WatermarkStore } from '../watermark/watermark.port';

/** This replica's loop state plus the shared watermark of the first watched queue. */
@Injectable()
export class PollerStatusUseCase {
  constructor(
    private readonly state: PollerState,
    @Inject(WatermarkRepository) private readonly watermarks: WatermarkStore,
  ) {}

  async execute(): Promise<PollerStatus> {
    const first = this.state.watched[0];
    const watermark = first === undefined ? undefined : await this.watermarks.get(first);
    return {
      running: this.state.running,
      stalled: this.state.stalled,
      watermarkSignature: watermark?.signature ?? '',
      watermarkSlot: String(watermark?.slot ?? 0),
      lastSuccessAtUnix: this.state.lastSuccessAtMs === undefined ? 0 : Math.floor(this.state.lastSuccessAtMs / 1000),
      lastError: this.state.lastError,
      watchedAddresses: [...this.state.watched],
    };
  }
}
