/**
 * The web app calls this when someone signs up. Whatever it returns is the HTTP response, so it should
 * answer quickly: a visitor is waiting.
 */
export async function handleSignup({ broker }, user) {
  // Queue the e-mail and answer at once; a worker sends it in the background.
  broker.publish('emails', JSON.stringify({ to: user.email, template: 'welcome' }));
  return { status: 201 };
}
