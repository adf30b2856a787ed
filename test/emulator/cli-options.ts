/** Argument parsing and the start-up text of the standalone emulator (cli.ts). */
import { parseArgs } from 'node:util';
import type { RingCloud } from './ring-cloud.js';
import type { Scenario } from './types.js';

export interface CliOptions {
  port: number;
  scenario?: string;
  accessTokenTtlSeconds?: number;
  refreshGraceMs?: number;
  quiet: boolean;
}

export function parseCliOptions(argv: string[], env: NodeJS.ProcessEnv): CliOptions {
  const { values } = parseArgs({
    args: argv,
    options: {
      port: { type: 'string' },
      scenario: { type: 'string' },
      'token-ttl': { type: 'string' },
      'refresh-grace-ms': { type: 'string' },
      quiet: { type: 'boolean', default: false },
    },
  });
  const port = Number(values.port ?? env.RING_CLOUD_PORT ?? 8870);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`invalid port ${String(values.port ?? env.RING_CLOUD_PORT)}`);
  const optionalNumber = (value: string | undefined): number | undefined => (value === undefined ? undefined : Number(value));
  return {
    port,
    scenario: values.scenario,
    accessTokenTtlSeconds: optionalNumber(values['token-ttl']),
    refreshGraceMs: optionalNumber(values['refresh-grace-ms']),
    quiet: values.quiet ?? false,
  };
}

export function describeScenario(scenario: Scenario): string[] {
  return scenario.locations.flatMap((location) => [
    `Location "${location.name}" (${location.location_id}), mode ${location.mode}`,
    ...location.cameras.map((camera) => `  camera ${camera.id}  ${camera.description} (${camera.kind})`),
    ...location.chimes.map((chime) => `  chime  ${chime.id}  ${chime.description} (${chime.kind})`),
    ...location.intercoms.map((intercom) => `  intercom  ${intercom.id}  ${intercom.description} (${intercom.kind})`),
    ...location.alarmDevices.map((doc) => `  alarm  ${doc.general.v2.zid}  ${doc.general.v2.name} (${doc.general.v2.deviceType})`),
  ]);
}

export function usageLines(cloud: RingCloud): string[] {
  const location = cloud.scenario.locations[0];
  const camera = location?.cameras[0];
  const sensor = location?.alarmDevices.find((doc) => doc.general.v2.deviceType === 'sensor.contact');
  const post = (action: string, body?: object): string => `  curl -s -X POST ${cloud.url}/_control/${action}${body ? ` -d '${JSON.stringify(body)}'` : ''}`;
  return [
    'Run ring-client-api (or Homebridge) against it:',
    `  TRYGR_RING_CLOUD_URL=${cloud.url} node --import ./.build/test/redirect/register.js <script>`,
    'Control examples:',
    ...(camera ? [post('motion', { deviceId: camera.id, detectionType: 'human' }), post('ding', { deviceId: camera.id })] : []),
    ...(sensor ? [post('sensor', { zid: sensor.general.v2.zid, faulted: true })] : []),
    ...(camera ? [post('offline', { id: camera.id, offline: true })] : []),
    ...(location ? [post('location-mode', { locationId: location.location_id, mode: 'away' })] : []),
    post('fail-next', { pattern: '/clients_api/ring_devices', count: 1, fault: { status: 500 } }),
    post('drop-websockets'),
    post('mint-token'),
    `  curl -s '${cloud.url}/_control/requests?path=/clients_api'`,
    ...(camera ? [`  curl -s ${cloud.url}/_control/snapshots/${camera.id}`] : []),
  ];
}
