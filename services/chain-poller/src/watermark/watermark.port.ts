import type { Watermark } from './watermark.repository';

export interface WatermarkStore {
  get(address: string): Promise<Watermark | undefined>;
  advance(address: string, to: Watermark): Promise<boolean>;
}
