import { collectDefaultMetrics, Registry } from 'prom-client';

/**
 * The one Prometheus registry of a process, served on `/metrics`: Node's default metrics plus
 * every quietpay metric (bus, HTTP, settlement, chain). Metrics are module-level singletons
 * registered here, so a service records them by importing them, with no provider wiring.
 */
export const metricsRegistry = new Registry();
collectDefaultMetrics({ register: metricsRegistry });
