import type { LocalnetModule } from '../emulation/types';

export interface IncoModuleOptions {
  incoTokenProgramId: string;
  incoLightningProgramId: string;
  /** Port of the covalidator HTTP stand-in (0 = ephemeral). */
  covalidatorPort: number;
  host: string;
}

/** The IncoToken + Inco Lightning emulation and the covalidator stand-in. */
export function createIncoModule(_options: IncoModuleOptions): LocalnetModule {
  throw new Error('createIncoModule: not implemented yet');
}
