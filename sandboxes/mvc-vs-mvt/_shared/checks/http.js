// Check helpers shared by the lesson's exercises: the app served in the check's own process, order in a page.

/**
 * Builds the app with the framework's createApp (so the check chooses the models: real ones over a fixture, or a
 * fake) and serves it on a free port. Returns `get(path, options)` and `post(path, form, options)` over HTTP.
 */
export async function serveApp(t, options) {
  const { createApp, serve } = await t.import('mini/app.js');
  const port = await t.freePort();
  await serve(createApp(options), port);
  const url = (path) => `http://127.0.0.1:${port}${path}`;
  return {
    get: (path, { headers } = {}) => t.http(url(path), undefined, { headers }),
    post: (path, form, { headers } = {}) =>
      t.http(url(path), undefined, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
        body: new URLSearchParams(form).toString(),
      }),
  };
}

/** Which of `titles` appear in `html`, in the order they appear. */
export function shownInOrder(html, titles) {
  return titles
    .map((title) => ({ title, at: html.indexOf(title) }))
    .filter(({ at }) => at >= 0)
    .sort((a, b) => a.at - b.at)
    .map(({ title }) => title);
}
