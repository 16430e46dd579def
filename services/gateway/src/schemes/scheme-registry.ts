import { Inject, Injectable } from '@nestjs/common';
import { FACILITATOR_SCHEMES, type FacilitatorScheme } from './facilitator-scheme.port';

/** Finds the scheme a payment names; the list comes from app.module's FACILITATOR_SCHEMES factory. */
@Injectable()
export class SchemeRegistry {
  constructor(@Inject(FACILITATOR_SCHEMES) readonly all: readonly FacilitatorScheme[]) {}

  find(scheme: string): FacilitatorScheme | undefined {
    return this.all.find((s) => s.scheme === scheme);
  }
}
