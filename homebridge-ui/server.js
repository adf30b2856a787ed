// The Homebridge UI forks this file (with IPC) while the plugin's settings are open. The server is
// written in TypeScript under homebridge-ui/src and compiled by `npm run build` to homebridge-ui/dist;
// it carries compiled copies of the few plugin modules it shares (privacy validator, dry run, token
// store), so its messages match the running plugin's.
import './dist/homebridge-ui/src/server.js';
