// Preloaded into a service (NODE_OPTIONS=--require) to give it a wrong wall clock: Date.now() and
// `new Date()` are shifted by QP_TEST_CLOCK_SKEW_MS. Redis and the other processes keep true time,
// as when one replica's host clock drifts.
const skew = Number(process.env.QP_TEST_CLOCK_SKEW_MS || 0);
const RealDate = Date;
const realNow = RealDate.now.bind(RealDate);
class SkewedDate extends RealDate {
  constructor(...args) {
    if (args.length === 0) super(realNow() + skew);
    else super(...args);
  }
  static now() {
    return realNow() + skew;
  }
}
globalThis.Date = SkewedDate;
