/**
 * A small in-memory message broker, written to be read.
 *
 * It behaves like the Redis transport Celery uses (and like Amazon SQS): a message handed to a consumer
 * stays "unacked" until that consumer acks it. If no ack arrives within the queue's visibility timeout,
 * the broker assumes the consumer died and makes the message ready again, for anyone. (RabbitMQ notices
 * a dead consumer differently — its connection closes — but the consequence is the same: redelivery.)
 *
 * A message in a queue is in one of three states:
 *
 *   delayed ──(its time comes)──▶ ready ──(delivered)──▶ unacked ──ack──▶ gone (done)
 *                                   ▲                       │
 *                                   └──nack(requeue) / ─────┤
 *                                      visibility timeout   └──nack(requeue: false) / delivery limit──▶ dead-letter queue
 *
 * Time comes from the global setTimeout and Date.now, so tests can drive it with a fake clock.
 */

const DEFAULT_QUEUE_OPTIONS = {
  /** How long a delivered message may stay unacked before it is given to someone else. */
  visibilityTimeoutMs: 30_000,
  /** Where rejected messages go; without one they are dropped. */
  deadLetterQueue: null,
  /** A message is delivered at most this many times, then dead-lettered (stops poison-message loops). */
  deliveryLimit: 20,
};

export class Broker {
  #queues = new Map();
  #listeners = new Set();
  #nextMessageId = 1;
  #nextDeliveryTag = 1;
  #closed = false;

  /** Creates a queue, or changes the options of an existing one. Returns the queue's name. */
  declareQueue(name, options = {}) {
    if (typeof name !== 'string' || name === '') throw new TypeError('declareQueue: the queue name must be a non-empty string');
    const queue = this.#queues.get(name) ?? {
      name,
      options: { ...DEFAULT_QUEUE_OPTIONS },
      ready: [],
      delayed: [],
      unacked: [],
      consumers: [],
      nextConsumer: 0,
      acked: 0,
    };
    Object.assign(queue.options, withoutUndefined(options));
    const { visibilityTimeoutMs, deliveryLimit, deadLetterQueue } = queue.options;
    if (!(visibilityTimeoutMs > 0)) throw new RangeError(`declareQueue("${name}"): visibilityTimeoutMs must be a positive number of milliseconds, got ${visibilityTimeoutMs}`);
    if (!(deliveryLimit >= 1)) throw new RangeError(`declareQueue("${name}"): deliveryLimit must be at least 1, got ${deliveryLimit}`);
    this.#queues.set(name, queue);
    if (deadLetterQueue) this.declareQueue(deadLetterQueue);
    return name;
  }

  /** Puts a message on a queue and returns its id. Bodies are strings, as on a real broker: use JSON.stringify. */
  publish(queueName, body, { delayMs = 0, headers = {} } = {}) {
    this.#requireOpen();
    const queue = this.#queue(queueName, 'publish');
    if (typeof body !== 'string') throw new TypeError(`publish("${queueName}"): the body must be a string (brokers carry bytes) — use JSON.stringify`);
    const message = {
      id: `m${this.#nextMessageId++}`,
      body,
      headers: { ...headers },
      deliveryCount: 0,
      state: null,
      deliveryTag: null,
      consumer: null,
      expiresAt: null,
      readyAt: null,
      timer: null,
    };
    this.#emit('published', queue, message);
    if (delayMs > 0) this.#delay(queue, message, delayMs);
    else this.#makeReady(queue, message, 'back');
    return message.id;
  }

  /**
   * Starts a consumer: `handler(delivery)` is called for one message at a time, in order. The broker hands
   * the consumer at most `prefetch` unacked messages; the ones it is not working on yet wait in its buffer.
   */
  consume(queueName, handler, { prefetch = 4, name } = {}) {
    this.#requireOpen();
    const queue = this.#queue(queueName, 'consume');
    if (typeof handler !== 'function') throw new TypeError(`consume("${queueName}"): the handler must be a function`);
    if (!Number.isInteger(prefetch) || prefetch < 1) throw new RangeError(`consume("${queueName}"): prefetch must be a whole number ≥ 1, got ${prefetch}`);
    const consumer = new Consumer({
      name: name ?? `consumer-${queue.consumers.length + 1}`,
      queue: queue.name,
      prefetch,
      handler,
      onError: (error, message) => this.#emit('handler-error', queue, message, { consumer: consumer.name, error: String(error?.message ?? error) }),
      onCrash: () => this.#emit('consumer-crashed', queue, null, { consumer: consumer.name }),
    });
    queue.consumers.push(consumer);
    this.#dispatch(queue);
    return consumer;
  }

  /** The state of one queue: its messages by state, how many were acked, and its consumers. */
  inspect(queueName) {
    const queue = this.#queue(queueName, 'inspect');
    const view = (message) => ({
      id: message.id,
      body: message.body,
      headers: structuredClone(message.headers),
      deliveryCount: message.deliveryCount,
      consumer: message.consumer?.name ?? null,
      expiresAt: message.expiresAt,
      readyAt: message.readyAt,
    });
    return {
      name: queue.name,
      ...queue.options,
      ready: queue.ready.map(view),
      delayed: queue.delayed.map(view),
      unacked: queue.unacked.map(view),
      acked: queue.acked,
      consumers: queue.consumers.map((c) => ({ name: c.name, prefetch: c.prefetch, unacked: c.unacked.size, busy: c.busy, crashed: c.crashed })),
    };
  }

  /** Every queue, for the live view. */
  snapshot() {
    return { at: Date.now(), queues: [...this.#queues.keys()].map((name) => this.inspect(name)) };
  }

  /** Calls `listener(event)` after every change; returns a function that stops it. */
  subscribe(listener) {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /** Stops every timer and consumer. The broker cannot be used afterwards. */
  close() {
    this.#closed = true;
    this.#listeners.clear();
    for (const queue of this.#queues.values()) {
      for (const message of [...queue.delayed, ...queue.unacked]) clearTimeout(message.timer);
      for (const consumer of queue.consumers) consumer.crash();
    }
  }

  // ── Moving messages between states ────────────────────────────────────────────────────────────

  #makeReady(queue, message, where) {
    Object.assign(message, { state: 'ready', deliveryTag: null, consumer: null, expiresAt: null, readyAt: null, timer: null });
    if (where === 'front') queue.ready.unshift(message);
    else queue.ready.push(message);
    this.#emit('ready', queue, message);
    this.#dispatch(queue);
  }

  #delay(queue, message, delayMs) {
    Object.assign(message, { state: 'delayed', deliveryTag: null, consumer: null, expiresAt: null, readyAt: Date.now() + delayMs });
    queue.delayed.push(message);
    message.timer = setTimeout(() => {
      remove(queue.delayed, message);
      this.#makeReady(queue, message, 'back');
    }, delayMs);
    this.#emit('delayed', queue, message, { delayMs });
  }

  /** Hands ready messages to consumers with room, taking turns (round robin). */
  #dispatch(queue) {
    while (!this.#closed && queue.ready.length > 0) {
      const consumer = this.#nextConsumerWithRoom(queue);
      if (!consumer) return;
      const message = queue.ready.shift();
      if (message.deliveryCount >= queue.options.deliveryLimit) {
        this.#deadLetter(queue, message, 'delivery-limit', `delivered ${message.deliveryCount} times (the queue's limit)`);
        continue;
      }
      this.#deliver(queue, message, consumer);
    }
  }

  #nextConsumerWithRoom(queue) {
    const { consumers } = queue;
    for (let i = 0; i < consumers.length; i++) {
      const index = (queue.nextConsumer + i) % consumers.length;
      if (consumers[index].hasRoom) {
        queue.nextConsumer = index + 1;
        return consumers[index];
      }
    }
    return null;
  }

  #deliver(queue, message, consumer) {
    const tag = this.#nextDeliveryTag++;
    const { visibilityTimeoutMs } = queue.options;
    message.deliveryCount += 1;
    Object.assign(message, { state: 'unacked', deliveryTag: tag, consumer, expiresAt: Date.now() + visibilityTimeoutMs });
    message.timer = setTimeout(() => this.#expire(queue, message, tag), visibilityTimeoutMs);
    queue.unacked.push(message);
    consumer.unacked.add(message);
    const isCurrent = () => message.deliveryTag === tag && !this.#closed;
    const delivery = {
      messageId: message.id,
      queue: queue.name,
      body: message.body,
      headers: structuredClone(message.headers),
      deliveryCount: message.deliveryCount,
      redelivered: message.deliveryCount > 1,
      consumer: consumer.name,
      /** Tells the broker the work is done: the message leaves the queue. Returns false if the ack came too late. */
      ack: () => this.#settle(queue, message, tag, { ack: true }),
      /**
       * Tells the broker the work failed. `requeue: true` (the default) puts the message back — after
       * `delayMs` if given; `requeue: false` dead-letters it with `reason`. Returns false if it came too late.
       */
      nack: ({ requeue = true, delayMs = 0, reason = 'rejected by the consumer' } = {}) =>
        this.#settle(queue, message, tag, { ack: false, requeue, delayMs, reason }),
    };
    this.#emit('delivered', queue, message, { consumer: consumer.name });
    consumer.receive({ message, delivery, isCurrent });
  }

  /** An ack or nack. Ignored (returns false) if the delivery expired already or its consumer crashed. */
  #settle(queue, message, tag, outcome) {
    const consumer = message.consumer;
    if (message.deliveryTag !== tag || this.#closed || consumer?.crashed) {
      this.#emit('late-settle', queue, message, { consumer: consumer?.name ?? null, what: outcome.ack ? 'ack' : 'nack' });
      return false;
    }
    clearTimeout(message.timer);
    remove(queue.unacked, message);
    consumer.unacked.delete(message);
    if (outcome.ack) {
      queue.acked += 1;
      Object.assign(message, { state: 'acked', deliveryTag: null, consumer: null, expiresAt: null });
      this.#emit('acked', queue, message, { consumer: consumer.name });
    } else if (!outcome.requeue) {
      this.#deadLetter(queue, message, 'consumer', String(outcome.reason));
    } else {
      this.#emit('requeued', queue, message, { consumer: consumer.name, delayMs: outcome.delayMs });
      if (outcome.delayMs > 0) this.#delay(queue, message, outcome.delayMs);
      else this.#makeReady(queue, message, 'front');
    }
    this.#dispatch(queue);
    return true;
  }

  /** The visibility timeout passed without an ack: the consumer is presumed dead, so the message is ready again. */
  #expire(queue, message, tag) {
    if (message.deliveryTag !== tag) return;
    remove(queue.unacked, message);
    message.consumer.unacked.delete(message);
    this.#emit('expired', queue, message, { consumer: message.consumer.name });
    this.#makeReady(queue, message, 'front');
  }

  /** Moves a message to the queue's dead-letter queue, noting why in its `x-death` header; drops it if there is none. */
  #deadLetter(queue, message, by, reason) {
    const target = queue.options.deadLetterQueue;
    const death = { queue: queue.name, by, reason, deliveries: message.deliveryCount, at: Date.now() };
    this.#emit('dead-lettered', queue, message, { by, reason, to: target });
    if (!target) return;
    message.headers = { ...message.headers, 'x-death': death };
    message.deliveryCount = 0;
    this.#makeReady(this.#queue(target, 'dead-letter'), message, 'back');
  }

  // ── Helpers ───────────────────────────────────────────────────────────────────────────────────

  #queue(name, operation) {
    const queue = this.#queues.get(name);
    if (!queue) throw new Error(`${operation}: there is no queue named "${name}" (declare it first with broker.declareQueue)`);
    return queue;
  }

  #requireOpen() {
    if (this.#closed) throw new Error('this broker is closed');
  }

  #emit(type, queue, message, detail = {}) {
    const event = { type, at: Date.now(), queue: queue.name, messageId: message?.id ?? null, ...detail };
    for (const listener of this.#listeners) listener(event);
  }
}

/** One worker attached to a queue. It runs its handler for one delivery at a time. */
class Consumer {
  /** Messages delivered to this consumer and not settled yet (being handled, or waiting in its buffer). */
  unacked = new Set();
  crashed = false;
  busy = false;
  #buffer = [];
  #handler;
  #onError;
  #onCrash;

  constructor({ name, queue, prefetch, handler, onError, onCrash }) {
    this.name = name;
    this.queue = queue;
    this.prefetch = prefetch;
    this.#handler = handler;
    this.#onError = onError;
    this.#onCrash = onCrash;
  }

  get hasRoom() {
    return !this.crashed && this.unacked.size < this.prefetch;
  }

  /**
   * Simulates the worker process dying: its handler is never called again and its acks are ignored.
   * Its unacked messages stay unacked until their visibility timeout gives them to someone else.
   */
  crash() {
    if (this.crashed) return;
    this.crashed = true;
    this.#buffer = [];
    this.#onCrash();
  }

  receive(entry) {
    this.#buffer.push(entry);
    this.#runNext();
  }

  #runNext() {
    if (this.busy || this.crashed) return;
    let entry = this.#buffer.shift();
    // A message whose visibility timeout ran out while it waited here belongs to someone else now.
    while (entry && !entry.isCurrent()) entry = this.#buffer.shift();
    if (!entry) return;
    this.busy = true;
    Promise.resolve()
      .then(() => this.#handler(entry.delivery))
      .catch((error) => this.#onError(error, entry.message))
      .finally(() => {
        this.busy = false;
        this.#runNext();
      });
  }
}

function remove(list, item) {
  const index = list.indexOf(item);
  if (index >= 0) list.splice(index, 1);
}

function withoutUndefined(object) {
  return Object.fromEntries(Object.entries(object).filter(([, value]) => value !== undefined));
}
