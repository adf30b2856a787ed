import { describe, expect, it, test } from '@jest/globals';
import fc from 'fast-check';
import { detectionTypeOf, readCameraEvent, readIntercomDing } from './notifications.js';

const MOTION = 'com.ring.pn.live-event.motion';
const DING = 'com.ring.pn.live-event.ding';

function push(category: string, ding: Record<string, unknown>, extra: Record<string, unknown> = {}): unknown {
  return { android_config: { category }, data: { event: { ding } }, ...extra };
}

describe("Ring's detection words", () => {
  test.each<[unknown, string | undefined]>([
    ['human', 'person'],
    ['loitering', 'person'],
    ['Person', 'person'],
    ['moving_vehicle', 'vehicle'],
    ['vehicle', 'vehicle'],
    ['package_delivery', 'package'],
    ['package_pickup', 'package'],
    ['other_motion', 'other'],
    ['motion', undefined],
    ['ding', undefined],
    ['null', undefined],
    [null, undefined],
    [undefined, undefined],
    ['', undefined],
    // New words Ring may add, and values that are not words at all, must not pass as "no detection".
    ['animal', 'unknown'],
    ['nearby_pom', 'unknown'],
    [42, 'unknown'],
    [{ type: 'human' }, 'unknown'],
    [['human'], 'unknown'],
  ])('%p is %p', (word, expected) => {
    expect(detectionTypeOf(word)).toBe(expected);
  });
});

describe('readIntercomDing', () => {
  const intercom = (ding: unknown) => ({ android_config: { category: 'com.ring.pn.live-event.intercom' }, data: { event: { ding } } });
  test.each([
    ['a press with a string id', intercom({ id: '7347' }), { dingId: '7347' }],
    ['a press with a numeric id', intercom({ id: 12 }), { dingId: '12' }],
    ['a press without an id', intercom({}), {}],
    ['a press with an id that is no id', intercom({ id: { x: 1 } }), {}],
    ['a camera press is not an intercom press', { android_config: { category: 'com.ring.pn.live-event.ding' }, data: { event: { ding: { id: '1' } } } }, undefined],
    ['an unlock', { data: { gcmData: { action: 'com.ring.pn.intercom.unlock' } } }, undefined],
    ['not an object', 'ding', undefined],
  ])('%s', (_name, notification, expected) => {
    expect(readIntercomDing(notification)).toEqual(expected);
  });

  it('never throws on anything', () => {
    fc.assert(fc.property(fc.anything(), (value) => void readIntercomDing(value)));
  });
});

describe('readCameraEvent', () => {
  test('a motion push with a person detection, its picture and its ding id', () => {
    const event = readCameraEvent(push(MOTION, { id: 123, detection_type: 'human', subtype: 'human' }, { img: { snapshot_uuid: 'abc' } }));
    expect(event).toEqual({ kind: 'motion', detectionType: 'person', snapshotUuid: 'abc', dingId: '123' });
  });

  test('the first field that classifies the motion wins; a plain word lets the next field speak', () => {
    expect(readCameraEvent(push(MOTION, { detection_type: 'null', subtype: 'human' }))?.detectionType).toBe('person');
    expect(readCameraEvent(push(MOTION, { detection_type: 'animal', subtype: 'other_motion' }))?.detectionType).toBe('unknown');
    expect(readCameraEvent(push(MOTION, {}, { analytics: { subcategory: 'vehicle' } }))?.detectionType).toBe('vehicle');
  });

  test('a doorbell press carries no detection', () => {
    expect(readCameraEvent(push(DING, { id: '9', subtype: 'ding', detection_type: 'human' }))).toMatchObject({ kind: 'ding', detectionType: undefined, dingId: '9' });
  });

  test('alarm pushes and unknown categories are not camera events', () => {
    expect(readCameraEvent({ android_config: { category: 'com.ring.push.HANDLE_NEW_USER_SOUND_SIREN' } })).toBeUndefined();
    expect(readCameraEvent({ action: 'com.ring.push.HANDLE_NEW_SECURITY_PANEL_MODE_NONE_NOTICE' })).toBeUndefined();
  });

  test('malformed fields are read as absent or unknown, never trusted', () => {
    const event = readCameraEvent(push(MOTION, { id: { nested: true }, detection_type: 7 }, { img: { snapshot_uuid: 5 } }));
    expect(event).toEqual({ kind: 'motion', detectionType: 'unknown', snapshotUuid: undefined, dingId: undefined });
    expect(readCameraEvent({ android_config: { category: MOTION }, data: 'garbage' })).toEqual({
      kind: 'motion',
      detectionType: undefined,
      snapshotUuid: undefined,
      dingId: undefined,
    });
  });

  it('never throws, whatever arrives', () => {
    const category = fc.constantFrom(MOTION, DING, 'other');
    const anything = fc.anything({ withNullPrototype: true, withBigInt: true, withMap: true, withSet: true, withTypedArray: true });
    const shaped = fc.record(
      {
        android_config: fc.record({ category }),
        data: fc.oneof(anything, fc.record({ event: fc.oneof(anything, fc.record({ ding: anything, eventito: anything })) })),
        img: anything,
        analytics: anything,
      },
      { requiredKeys: [] },
    );
    fc.assert(
      fc.property(fc.oneof(anything, shaped), (notification) => {
        const event = readCameraEvent(notification);
        if (event?.detectionType !== undefined) expect(['person', 'vehicle', 'package', 'other', 'unknown']).toContain(event.detectionType);
      }),
      { numRuns: 2000 },
    );
  });
});
