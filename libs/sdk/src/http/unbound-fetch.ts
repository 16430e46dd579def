/**
 * A `fetch` that always runs without a receiver. Browsers throw "TypeError: Illegal invocation"
 * when `window.fetch` (or a caller's `fetch` option set to it) is called as a method of another
 * object, which is how the SDK's clients hold it (`this.fetchImpl(…)`, `deps.fetchImpl(…)`); Node's
 * fetch does not care, so only a real browser shows it. Wrap once where a fetch is taken in.
 *
 * @example
 * const fetchImpl = unboundFetch(options.fetch); // options.fetch may be window.fetch
 */
export function unboundFetch(given?: typeof fetch): typeof fetch {
  return (input, init) => (given ?? globalThis.fetch)(input, init);
}
