/** The FCM data message for dings and motion, parsed the way ring-client-api parses it (api.js). */
import { describe, expect, test } from '@jest/globals';
import { buildDingNotification, buildIntercomDingNotification, normalizeDetectionType } from './push-payload.js';
import { loadScenario } from './scenario.js';
import { twoLocations, twoLocationsScenarioPath } from './two-locations.js';
import { ringClientApiRequire } from '../redirect/install.js';

type JsonBig = (options: { storeAsString: boolean }) => { parse(text: string): unknown };
const JSONbig = ringClientApiRequire()('json-bigint') as JsonBig;

/** api.js: every field is parsed on its own with json-bigint, falling back to the raw string. */
function parseLikeTheLibrary(data: Record<string, string>): Record<string, any> {
  const parsed: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(data)) {
    try {
      parsed[key] = JSONbig({ storeAsString: true }).parse(value);
    } catch {
      parsed[key] = value;
    }
  }
  return parsed;
}

const frontDoor = loadScenario(undefined).locations[0].cameras[0];

describe('PushNotificationDingV2', () => {
  test('every field of message.data is a string, and the ding id survives json-bigint as the same string', () => {
    const built = buildDingNotification({ camera: frontDoor, kind: 'motion', detectionType: 'human', now: 1_700_000_000_000 });
    expect(Object.values(built.data).every((value) => typeof value === 'string')).toBe(true);
    expect(built.data.data).toMatch(/"id":7\d{18}[,}]/); // a bare number on the wire, as Ring sends it
    const parsed = parseLikeTheLibrary(built.data);
    expect(parsed.version).toBe('2.0.0');
    expect(parsed.android_config).toEqual({ category: 'com.ring.pn.live-event.motion', body: 'There is a person at your Front Door' });
    expect(parsed.data.device).toEqual({ id: frontDoor.id, kind: 'doorbell_v4', name: 'Front Door', e2ee_enabled: false });
    expect(parsed.data.event.ding).toMatchObject({ id: built.dingId, subtype: 'human', detection_type: 'human' });
    expect(parsed.data.event.eventito.type).toBe('human');
    expect(parsed.analytics).toMatchObject({ subcategory: 'human', referring_item_id: built.dingId });
    expect(parsed.img).toEqual({ snapshot_uuid: built.snapshotUuid });
    expect(parsed.data.location.id).toBe(frontDoor.location_id);
  });

  test('a doorbell press uses the ding category and carries no detection type', () => {
    const parsed = parseLikeTheLibrary(buildDingNotification({ camera: frontDoor, kind: 'ding' }).data);
    expect(parsed.android_config.category).toBe('com.ring.pn.live-event.ding');
    expect(parsed.data.event.ding.subtype).toBe('ding');
    expect(parsed.data.event.ding.detection_type).toBeUndefined();
  });

  test('short detection names map to the cv detection types Ring uses; others pass through', () => {
    expect(['vehicle', 'package', 'person', 'other_motion', 'loitering', undefined].map(normalizeDetectionType)).toEqual([
      'moving_vehicle',
      'package_delivery',
      'human',
      'other_motion',
      'loitering',
      'human',
    ]);
  });

  test('ding ids are unique even within one millisecond', () => {
    const ids = new Set(Array.from({ length: 50 }, () => buildDingNotification({ camera: frontDoor, kind: 'motion', now: 5 }).dingId));
    expect(ids.size).toBe(50);
  });

  test('an intercom ding: the intercom category, the handset as device, a big ding id, no snapshot', () => {
    const intercom = loadScenario(twoLocationsScenarioPath()).locations[0].intercoms[0];
    const built = buildIntercomDingNotification({ intercom, now: 1_700_000_000_000 });
    expect(Object.values(built.data).every((value) => typeof value === 'string')).toBe(true);
    expect(built.data.data).toMatch(/"id":7\d{18}[,}]/);
    const parsed = parseLikeTheLibrary(built.data);
    expect(parsed.android_config).toEqual({ category: 'com.ring.pn.live-event.intercom', body: 'Someone is ringing your Town Intercom' });
    expect(parsed.data.device).toEqual({ id: twoLocations.town.intercoms.intercom, kind: 'intercom_handset_audio', name: 'Town Intercom', e2ee_enabled: false });
    expect(parsed.data.event.ding).toEqual({ id: built.dingId, created_at: '2023-11-14T22:13:20.000Z', subtype: 'ding' });
    expect(parsed.analytics).toMatchObject({ subcategory: 'ding', referring_item_id: built.dingId });
    expect(parsed.data.location.id).toBe(twoLocations.town.locationId);
    expect(parsed.img).toBeUndefined();
  });
});
