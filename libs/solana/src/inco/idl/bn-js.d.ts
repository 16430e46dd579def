// bn.js ships no types (anchor's own declarations re-export it untyped). The Inco coder only
// makes u64/u128 arguments and recognises decoded ones, so this is all it declares.
declare module 'bn.js' {
  class BN {
    constructor(value: string, base?: number);
    static isBN(value: unknown): value is BN;
    toString(base?: number): string;
  }
  export = BN;
}
