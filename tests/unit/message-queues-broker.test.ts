// The sandbox broker the message-queues exercises share (sandboxes/message-queues/_shared): its state machine.
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';

const brokerPath = join(import.meta.dirname, '../../sandboxes/message-queues/_shared/broker.js');
const { Broker } = await import(brokerPath);

type Delivery = { messageId: string; body: string; deliveryCount: number; ack(): boolean; nack(o?: object): boolean };

describe('Broker', () => {
  beforeEach(() => vi.useFakeTimers({ now: 0 }));
  afterEach(() => vi.useRealTimers());

  function queueWith(options: object = {}) {
    const broker = new Broker();
    broker.declareQueue('jobs', { visibilityTimeoutMs: 1_000, deadLetterQueue: 'jobs.dead', ...options });
    return broker;
  }

  it('redelivers a message that was not acked within the visibility timeout', async () => {
    const broker = queueWith();
    const seen: number[] = [];
    broker.consume('jobs', (d: Delivery) => void seen.push(d.deliveryCount), { prefetch: 1 });
    broker.publish('jobs', 'a');
    await vi.advanceTimersByTimeAsync(999);
    expect(seen).toEqual([1]);
    await vi.advanceTimersByTimeAsync(1);
    expect(seen).toEqual([1, 2]);
  });

  it('removes an acked message and ignores an ack that comes after the timeout', async () => {
    const broker = queueWith();
    const late: boolean[] = [];
    broker.consume('jobs', async (d: Delivery) => {
      if (d.deliveryCount === 1) {
        await new Promise((resolve) => setTimeout(resolve, 1_500));
        late.push(d.ack());
      } else d.ack();
    });
    broker.publish('jobs', 'a');
    await vi.advanceTimersByTimeAsync(2_000);
    expect(late).toEqual([false]);
    expect(broker.inspect('jobs')).toMatchObject({ acked: 1, ready: [], unacked: [] });
  });

  it('dead-letters a rejected message with the reason, and one that reaches the delivery limit', async () => {
    const broker = queueWith({ deliveryLimit: 3 });
    broker.consume('jobs', (d: Delivery) => (d.body === 'bad' ? d.nack({ requeue: false, reason: 'unreadable' }) : d.nack()));
    broker.publish('jobs', 'bad');
    broker.publish('jobs', 'loops');
    await vi.advanceTimersByTimeAsync(0);
    const deaths = broker.inspect('jobs.dead').ready.map((m: { body: string; headers: Record<string, unknown> }) => [m.body, m.headers['x-death']]);
    expect(deaths).toEqual([
      ['bad', expect.objectContaining({ by: 'consumer', reason: 'unreadable', deliveries: 1 })],
      ['loops', expect.objectContaining({ by: 'delivery-limit', deliveries: 3 })],
    ]);
  });

  it('holds a message nacked with a delay until its time comes', async () => {
    const broker = queueWith({ visibilityTimeoutMs: 60_000 });
    const at: number[] = [];
    broker.consume('jobs', (d: Delivery) => {
      at.push(Date.now());
      if (d.deliveryCount === 1) d.nack({ requeue: true, delayMs: 500 });
      else d.ack();
    });
    broker.publish('jobs', 'a');
    await vi.advanceTimersByTimeAsync(499);
    expect(broker.inspect('jobs').delayed).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(at).toEqual([0, 500]);
  });

  it('ignores the acks of a crashed consumer and gives its messages to another after the timeout', async () => {
    const broker = queueWith();
    const handled: string[] = [];
    let ackFromCrashed = () => true;
    const first = broker.consume('jobs', (d: Delivery) => {
      ackFromCrashed = () => d.ack();
      return new Promise(() => {});
    });
    broker.publish('jobs', 'a');
    await vi.advanceTimersByTimeAsync(0);
    broker.consume('jobs', (d: Delivery) => {
      handled.push(d.body);
      d.ack();
    });
    first.crash();
    expect(ackFromCrashed()).toBe(false);
    expect(broker.inspect('jobs').unacked).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(1_000);
    expect(handled).toEqual(['a']);
    expect(broker.inspect('jobs')).toMatchObject({ acked: 1, unacked: [] });
  });

  it('keeps at most `prefetch` unacked messages per consumer, taking turns', async () => {
    const broker = queueWith({ visibilityTimeoutMs: 60_000 });
    for (const name of ['A', 'B']) broker.consume('jobs', () => new Promise(() => {}), { name, prefetch: 2 });
    for (const body of ['1', '2', '3', '4', '5']) broker.publish('jobs', body);
    await vi.advanceTimersByTimeAsync(0);
    const { unacked, ready } = broker.inspect('jobs');
    expect(unacked.map((m: { body: string; consumer: string }) => `${m.body}:${m.consumer}`)).toEqual(['1:A', '2:B', '3:A', '4:B']);
    expect(ready.map((m: { body: string }) => m.body)).toEqual(['5']);
  });

  it('rejects bodies that are not strings and queues that were never declared, naming them', () => {
    const broker = queueWith();
    expect(() => broker.publish('jobs', { a: 1 })).toThrow(/body must be a string.*JSON\.stringify/);
    expect(() => broker.publish('nope', 'x')).toThrow(/no queue named "nope"/);
  });
});
