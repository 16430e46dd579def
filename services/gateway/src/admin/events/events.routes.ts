import { Injectable } from '@nestjs/common';
import type { Request, Response, Router } from 'express';
import { z } from 'zod';
import { ApiError } from '../../http/api-error';
import { limitField, queryOf } from '../http/admin-request';
import type { AdminRoutes } from '../http/admin-routes.port';
import { type AdminEvent, FEED_STREAMS, type FeedStream } from './admin-event';
import { JetStreamFeed, type LiveFeed } from './jetstream-feed';

const RecentQuery = z.strictObject({ limit: limitField(500, 100) });
const KEEPALIVE_MS = 15_000;
const LAST_EVENT_ID = /^[A-Z_]+:\d{1,20}(,[A-Z_]+:\d{1,20})*$/;

/** `SETTLEMENTS:12,PRIVATE_PAYMENTS:3`: the last sequence a client saw of each stream. */
function positionsOf(header: string | undefined): Partial<Record<FeedStream, number>> {
  if (header === undefined || header === '') return {};
  if (!LAST_EVENT_ID.test(header)) throw new ApiError('invalid_request', 'Last-Event-ID must be an id this stream sent');
  const positions: Partial<Record<FeedStream, number>> = {};
  for (const part of header.split(',')) {
    const [stream, seq] = part.split(':');
    if (FEED_STREAMS.includes(stream as FeedStream)) positions[stream as FeedStream] = Number(seq);
  }
  return positions;
}

const idOf = (positions: Partial<Record<FeedStream, number>>) =>
  FEED_STREAMS.filter((s) => positions[s] !== undefined)
    .map((s) => `${s}:${positions[s]}`)
    .join(',');

/** Recent settlements and private payments, and the live event stream (SSE), all from JetStream. */
@Injectable()
export class EventAdminRoutes implements AdminRoutes {
  constructor(private readonly feed: JetStreamFeed) {}

  mount(router: Router): void {
    router.get('/settlements', async (req, res) => {
      const { limit } = queryOf(RecentQuery, req);
      res.json({ items: await this.feed.recent('SETTLEMENTS', limit) });
    });
    router.get('/private-payments', async (req, res) => {
      const { limit } = queryOf(RecentQuery, req);
      res.json({ items: await this.feed.recent('PRIVATE_PAYMENTS', limit) });
    });
    router.get('/events', (req, res) => this.stream(req, res));
  }

  private async stream(req: Request, res: Response): Promise<void> {
    const positions = positionsOf(req.header('last-event-id'));
    const feeds: LiveFeed[] = [];
    let closed = false;
    const send = (event: AdminEvent, stream: FeedStream) => {
      positions[stream] = event.seq;
      res.write(`id: ${idOf(positions)}\nevent: ${event.kind}\ndata: ${JSON.stringify(event)}\n\n`);
    };
    try {
      for (const stream of FEED_STREAMS) feeds.push(await this.feed.live(stream, positions[stream], (event) => send(event, stream)));
    } catch (error) {
      for (const feed of feeds) feed.stop();
      throw error;
    }
    res.status(200).set({ 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-cache, no-transform', 'x-accel-buffering': 'no' });
    res.flushHeaders();
    // The consumers exist from here on: a client may rely on seeing every later event.
    res.write(': subscribed\n\n');
    const keepalive = setInterval(() => res.write(': keepalive\n\n'), KEEPALIVE_MS);
    const end = () => {
      if (closed) return;
      closed = true;
      clearInterval(keepalive);
      for (const feed of feeds) feed.stop();
      res.end();
    };
    req.on('close', end);
    // A consumer that ends by itself (NATS gone) ends the stream; the client reconnects with Last-Event-ID.
    void Promise.race(feeds.map((f) => f.done)).finally(end);
  }
}
