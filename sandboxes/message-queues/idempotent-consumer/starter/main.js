/**
 * Run this (the Run button) and watch the Preview: four payments, one of them published twice, and a
 * consumer that dies right after the gateway charged a card — then restarts.
 */
import { mkdirSync, rmSync } from 'node:fs';
import { Broker } from './broker.js';
import { startLiveView } from './live-view.js';
import { createGateway } from './payments.js';

const STORE_DIR = 'payments-store';
const VISIBILITY_TIMEOUT_MS = 3_000;
const WAIT_FOR_RESULTS_MS = 9_000;
const payments = [
  { paymentId: 'pay_1001', orderId: 'A-17', amountCents: 4999 },
  { paymentId: 'pay_1002', orderId: 'A-18', amountCents: 1250 },
  { paymentId: 'pay_1003', orderId: 'A-19', amountCents: 8900 },
  { paymentId: 'pay_1004', orderId: 'A-20', amountCents: 300 },
];

const view = startLiveView({ title: 'The idempotent consumer: the payments queue', onReplay: () => runScenario() });
let broker = null;
let restarts = 0;
runScenario();

/** Loads consumer.js afresh, as a restarted process would: nothing kept in memory survives. */
async function startConsumer(gateway, name) {
  const { startPaymentConsumer } = await import(`./consumer.js?start=${restarts++}`);
  return startPaymentConsumer({ broker, gateway, storeDir: STORE_DIR }, { name });
}

async function runScenario() {
  broker?.close();
  broker = new Broker();
  const current = broker;
  view.watch(broker);
  rmSync(STORE_DIR, { recursive: true, force: true }); // a fresh demo starts with an empty record
  mkdirSync(STORE_DIR);
  broker.declareQueue('payments', { visibilityTimeoutMs: VISIBILITY_TIMEOUT_MS, deadLetterQueue: 'payments.dead' });
  const gateway = createGateway();
  let consumer = null;
  const realCharge = gateway.charge;
  gateway.charge = async (request) => {
    const result = await realCharge(request);
    if (request.orderId === 'A-19' && consumer?.name === 'consumer-1') {
      view.note('consumer-1 died right after the gateway charged order A-19, before it could record or ack it', 'bad');
      consumer.crash();
      setTimeout(async () => {
        if (current !== broker) return;
        view.note('consumer-2 starts (a restart: a fresh process with a fresh memory)');
        consumer = await startConsumer(gateway, 'consumer-2');
      }, 1_000);
      return new Promise(() => {}); // a dead process hears nothing back
    }
    return result;
  };
  consumer = await startConsumer(gateway, 'consumer-1');
  for (const payment of payments) broker.publish('payments', JSON.stringify(payment));
  view.note('The checkout page timed out and sent pay_1002 again');
  broker.publish('payments', JSON.stringify(payments[1]));

  await new Promise((resolve) => setTimeout(resolve, WAIT_FOR_RESULTS_MS));
  if (current !== broker) return;
  for (const { paymentId, orderId } of payments) {
    const times = gateway.charges.filter((charge) => charge.orderId === orderId).length;
    view.note(`${paymentId}: card charged ${times} time(s)`, times === 1 ? 'good' : 'bad');
  }
  view.note('Press Replay in the Preview (or Run again after editing) to see it once more.');
}
