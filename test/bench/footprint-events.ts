/**
 * The footprint benchmark's event run (issue 16: "RSS after 400 dings, 400 contact changes, 240
 * snapshots, 16 motions"), the same for this plugin and for homebridge-ring, so that their memory
 * after it can be compared side by side.
 *
 * The controllers are real (hap-controller, as Apple Home): one paired with the bridge for the
 * alarm's contact sensor, one with each camera's own HAP server for its motion sensor, doorbell and
 * snapshots, all subscribed as a home hub stays. A comparison is only honest when both plugins did
 * the work, so the run records what reached HomeKit and `handledOrThrow` refuses a run where a kind
 * of event never arrived. One event of a kind is the proof, not one per push: both collapse doorbell
 * presses (ours within 5 s, the peer within 15 s) and HomeKit is sent no unchanged motion value.
 */
import { findChar, findServices, type AccessoryDb, type CharRef, type HapClient, type HomebridgeProcess } from '../harness/index.js';
import { demoHome, type PushDelivery, type RingCloud } from '../emulator/index.js';
import { findAlarmDevice, isDoorbellKind } from '../emulator/scenario.js';
import { play } from './soak-bench.js';
import { EVENT_RUN, eventRunPlan, type EventCounts } from './footprint-plan.js';
import type { SoakCamera, SoakStep } from './soak-plan.js';

/** Steps in flight at once: pushes wait for the receiver's acknowledgement, snapshots for HAP. */
const CONCURRENCY = 8;
/** Below this share of snapshots answered with a JPEG, the plugin did not serve them. */
const MIN_JPEG_SHARE = 0.9;

/** A paired controller and the characteristics whose events prove the plugin handled the run. */
interface Watched {
  client: HapClient;
  motion?: CharRef;
  doorbell?: CharRef;
  contact?: CharRef;
}

/** The demo home as the run sees it, with its paired and subscribed controllers. */
export interface PairedHome {
  cameras: SoakCamera[];
  contactZid: string;
  /** Each camera's controller, by camera name (what a snapshot step names). */
  clients: Map<string, HapClient>;
  watched: Watched[];
}

export interface EventRun {
  durationMs: number;
  steps: number;
  pushes: { sent: number; acknowledged: number };
  snapshots: { requested: number; jpeg: number };
  home: PairedHome;
}

const isJpeg = (image: Buffer | undefined): boolean => image !== undefined && image.length > 2 && image[0] === 0xff && image[1] === 0xd8;

/** The camera's motion sensor: ours names it "<camera> Motion" beside others, the peer has just one. */
function motionSensor(db: AccessoryDb, camera: string): CharRef {
  const several = findServices(db, { aid: 1, serviceType: 'MotionSensor' }).length > 1;
  return findChar(db, 1, 'MotionSensor', 'MotionDetected', several ? `${camera} Motion` : undefined);
}

async function watch(client: HapClient, chars: Omit<Watched, 'client'>): Promise<Watched> {
  await client.subscribe(Object.values(chars).filter((ref): ref is CharRef => ref !== undefined));
  return { client, ...chars };
}

/**
 * Pairs a controller with the bridge and with every camera and subscribes them; they stay paired
 * until `stopAll`.
 */
export async function pairHome(hb: HomebridgeProcess, cloud: RingCloud): Promise<PairedHome> {
  const cameras: SoakCamera[] = cloud.scenario.locations.flatMap((location) =>
    location.cameras.map((camera) => ({ id: camera.id, name: camera.description, doorbell: isDoorbellKind(camera.kind) })),
  );
  const contactZid = demoHome.alarm.frontDoorContact;
  const contactName = findAlarmDevice(cloud.scenario, contactZid)?.doc.general.v2.name;
  if (!contactName) throw new Error(`the scenario has no alarm device ${contactZid}`);

  const bridge = await hb.pair();
  const watched = [await watch(bridge, { contact: findChar(await bridge.accessories(), contactName, 'ContactSensor', 'ContactSensorState') })];
  const clients = new Map<string, HapClient>();
  for (const camera of cameras) {
    const client = await hb.pair(await hb.waitForExternalAccessory(camera.name, 30_000));
    const db = await client.accessories();
    const doorbell = camera.doorbell ? findChar(db, 1, 'Doorbell', 'ProgrammableSwitchEvent') : undefined;
    watched.push(await watch(client, { motion: motionSensor(db, camera.name), doorbell }));
    clients.set(camera.name, client);
  }
  await cloud.waitForPushClient(30_000);
  return { cameras, contactZid, clients, watched };
}

/** Plays the run against the running Homebridge and returns what it sent and got back. */
export async function driveEventRun(hb: HomebridgeProcess, cloud: RingCloud, home: PairedHome, counts: EventCounts = EVENT_RUN): Promise<EventRun> {
  const plan = eventRunPlan(home.cameras, home.contactZid, counts);
  const run: EventRun = { durationMs: 0, steps: plan.length, pushes: { sent: 0, acknowledged: 0 }, snapshots: { requested: 0, jpeg: 0 }, home };
  const tally = (step: SoakStep, result: PushDelivery | Buffer | undefined): void => {
    if (step.kind === 'snapshot') {
      run.snapshots.requested++;
      if (isJpeg(result as Buffer | undefined)) run.snapshots.jpeg++;
    } else if (step.kind === 'ding' || step.kind === 'motion') {
      run.pushes.sent++;
      run.pushes.acknowledged += (result as PushDelivery).delivered;
    }
  };
  const started = performance.now();
  const inFlight = new Set<Promise<void>>();
  for (const step of plan) {
    const done: Promise<void> = play(step, cloud, home.clients, hb.configPath, { next: 0 })
      .then((result) => tally(step, result))
      .finally(() => inFlight.delete(done));
    inFlight.add(done);
    if (inFlight.size >= CONCURRENCY) await Promise.race(inFlight);
  }
  await Promise.all(inFlight);
  run.durationMs = performance.now() - started;
  if (!hb.running) throw new Error('Homebridge stopped during the event run');
  return run;
}

/** What reached the controllers since they subscribed: the events of each watched characteristic. */
function hapEvents({ watched: all }: PairedHome): { doorbell: number; motionCameras: number; cameras: number; opened: number; closed: number } {
  const of = (watched: Watched, ref: CharRef | undefined) => (ref ? watched.client.events().filter((event) => event.aid === ref.aid && event.iid === ref.iid) : []);
  const cameras = all.filter((watched) => watched.motion);
  const contact = all.flatMap((watched) => of(watched, watched.contact));
  return {
    doorbell: all.reduce((sum, watched) => sum + of(watched, watched.doorbell).length, 0),
    motionCameras: cameras.filter((watched) => of(watched, watched.motion).some((event) => event.value === true || event.value === 1)).length,
    cameras: cameras.length,
    // ContactSensorState 1: contact not detected (open).
    opened: contact.filter((event) => Number(event.value) === 1).length,
    closed: contact.filter((event) => Number(event.value) === 0).length,
  };
}

/**
 * One line of evidence that the plugin handled the run, or an error saying what it did not handle:
 * every push of this run acknowledged by Homebridge's push receiver and nearly every snapshot a
 * JPEG; and, counted since the controllers subscribed, a doorbell event, motion on every camera and
 * the contact sensor seen open and closed (in a second run a camera's motion may still be on from
 * the first, and an unchanged value sends no event).
 */
export function handledOrThrow(run: EventRun, subject: string): string {
  const hap = hapEvents(run.home);
  const { pushes, snapshots } = run;
  const missing = [
    pushes.acknowledged < pushes.sent ? `only ${pushes.acknowledged} of ${pushes.sent} pushes acknowledged` : '',
    hap.doorbell === 0 ? 'no doorbell event reached HomeKit' : '',
    hap.motionCameras < hap.cameras ? `motion reached HomeKit for ${hap.motionCameras} of ${hap.cameras} cameras` : '',
    hap.opened === 0 || hap.closed === 0 ? `contact sensor events: ${hap.opened} open, ${hap.closed} closed` : '',
    snapshots.jpeg < snapshots.requested * MIN_JPEG_SHARE ? `only ${snapshots.jpeg} of ${snapshots.requested} snapshots were a JPEG` : '',
  ].filter(Boolean);
  if (missing.length > 0) throw new Error(`${subject} did not handle the event run: ${missing.join('; ')}`);
  return (
    `${pushes.acknowledged}/${pushes.sent} pushes acked; HAP events: doorbell ${hap.doorbell}, motion on ${hap.motionCameras}/${hap.cameras} cameras, ` +
    `contact ${hap.opened} open + ${hap.closed} closed; ${snapshots.jpeg}/${snapshots.requested} snapshots JPEG`
  );
}
