/**
 * A pretend mail server for the demo: sending takes a while, like talking to a real SMTP server.
 * It remembers every e-mail it sent, so the demo can spot duplicates.
 */
export function createMailer({ sendMs = () => 700 } = {}) {
  const sent = [];
  return {
    sent,
    async send({ to, template }) {
      await new Promise((resolve) => setTimeout(resolve, sendMs(to)));
      sent.push({ to, template, at: Date.now() });
      const copies = sent.filter((mail) => mail.to === to).length;
      console.log(`  mail server: "${template}" e-mail sent to ${to}${copies > 1 ? `  ← copy #${copies}!` : ''}`);
    },
  };
}
