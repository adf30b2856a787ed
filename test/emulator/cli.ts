/**
 * Standalone Ring cloud emulator: `npm run ring-cloud [-- --port 8870 --scenario file.json]`.
 * Port: `--port`, else env RING_CLOUD_PORT, else 8870 (0 picks a free one). Other flags:
 * `--token-ttl <s>`, `--refresh-grace-ms <ms>`, `--quiet`. Prints the URL, a fresh refresh token,
 * the devices and example control calls; stops cleanly on SIGINT/SIGTERM.
 */
import { startRingCloud } from './ring-cloud.js';
import { describeScenario, parseCliOptions, usageLines } from './cli-options.js';

async function main(): Promise<void> {
  const options = parseCliOptions(process.argv.slice(2), process.env);
  const cloud = await startRingCloud(options);
  // handlers first: whoever reads the URL below may signal at once
  let stopping = false;
  const stop = (signal: string): void => {
    if (stopping) return;
    stopping = true;
    process.stdout.write(`Received ${signal}, stopping the Ring cloud emulator\n`);
    cloud.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));
  const lines = [
    `Ring cloud emulator listening on ${cloud.url}`,
    `Refresh token (fresh, for the scenario's test account): ${cloud.mintRefreshToken()}`,
    ...describeScenario(cloud.scenario),
    ...usageLines(cloud),
    'Stop with Ctrl+C.',
  ];
  process.stdout.write(`${lines.join('\n')}\n`);
}

main().catch((error: Error) => {
  process.stderr.write(`ring-cloud: ${error.message}\n`);
  process.exit(1);
});
