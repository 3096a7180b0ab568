'use strict';
// Starts dynalite on 127.0.0.1 and prints the port it bound, for the LocalDynamoDb launcher.
// Usage: node dynalite-server.js [port] [path]   (0 or no port = any free port; with a path the tables live
// in a LevelDB there and survive a restart, else in memory)
// Exits when stdin closes, so the server never outlives the JVM that started it.
const dynalite = require('dynalite');

const port = Number.parseInt(process.argv[2] || '0', 10);
const path = process.argv[3];
const server = dynalite(Object.assign({ createTableMs: 0, deleteTableMs: 0, updateTableMs: 0 }, path ? { path } : {}));

server.on('error', (err) => {
  console.error('dynalite failed: ' + err.message);
  process.exit(1);
});
server.listen(port, '127.0.0.1', () => {
  console.log('dynalite listening on 127.0.0.1:' + server.address().port);
});

// A request that trips an error inside dynalite must not take the whole server (and every later test of
// this JVM) down with it: log it and keep serving.
process.on('uncaughtException', (err) => {
  console.error('dynalite: uncaught ' + (err && err.stack ? err.stack : err));
});

const stop = () => process.exit(0);
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
process.stdin.on('end', stop);
process.stdin.on('error', stop);
process.stdin.resume();
