import http from 'node:http';
import { handle } from './app.js';

const port = Number(process.env.PORT ?? 3000);

// One bare process runs every request: if a handler throws, the whole site goes down
// with it. (runserver at least turns a view's exception into a 500; plain Node does not.)
const server = http.createServer(handle);

server.listen(port, () => {
  console.log(`pid ${process.pid} listening on http://localhost:${port}`);
});
