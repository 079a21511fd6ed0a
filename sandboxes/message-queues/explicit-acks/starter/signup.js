/**
 * The web app calls this when someone signs up. Whatever it returns is the HTTP response, so it should
 * answer quickly: a visitor is waiting.
 */
export async function handleSignup({ broker, mailer }, user) {
  // Sends the welcome e-mail right here, so the visitor waits for the mail server.
  await mailer.send({ to: user.email, template: 'welcome' });
  return { status: 201 };
}
