import fc from 'fast-check';
import { FRONT_DOOR_RECORD } from '../../../test/support/camera-records.js';
import { CAMERA_LIST_VERSION, cameraListText, cameraRecord, readCameraList } from './camera-record.js';

const doorbell = FRONT_DOOR_RECORD;

const listOf = (cameras: unknown[], version: unknown = CAMERA_LIST_VERSION) => JSON.stringify({ version, cameras });

describe('the camera list kept between starts', () => {
  test('a camera keeps only what its HomeKit shape needs: ids, name, model, features, battery; nothing else of Ring’s document', () => {
    const ringData = {
      location_id: 'loc-1',
      device_id: 'aa:bb:cc',
      firmware_version: 'cam-1.27.3500',
      address: '42 Wallaby Way',
      latitude: -33.8,
      settings: { motion_zones: [1, 2] },
    };
    const record = cameraRecord({
      id: 101,
      name: 'Front Door',
      deviceType: 'lpd_v2' as never,
      isDoorbot: true,
      model: 'Doorbell Pro 2',
      data: ringData as never,
      hasLight: false,
      hasSiren: false,
      hasInHomeDoorbell: true,
      batteryLevel: null,
    });
    expect(record).toEqual(doorbell);
    expect(cameraListText([record])).not.toMatch(/Wallaby|latitude|motion_zones/);
  });

  test.each([
    ['not JSON', '{', 'it is not JSON'],
    ['no list', JSON.stringify({ version: 1 }), 'it has no camera list'],
    ['null', 'null', 'it has no camera list'],
    ['another version', listOf([doorbell], 2), 'it is of version 2, not 1'],
    ['no version', JSON.stringify({ cameras: [doorbell] }), 'it is of version undefined, not 1'],
  ])('a list that is %s gives no camera, and says why', (_label, text, problem) => {
    expect(readCameraList(text)).toEqual({ cameras: [], problem });
  });

  test.each([
    ['an id that is not an integer', { ...doorbell, id: '101' }],
    ['an empty name', { ...doorbell, name: ' ' }],
    ['a flag that is not a boolean', { ...doorbell, hasLight: 'yes' }],
    ['a battery level that is not a number', { ...doorbell, batteryLevel: '90' }],
    ['a serial that is not a string', { ...doorbell, serial: 7 }],
    ['no location', { ...doorbell, locationId: undefined }],
    ['not an object', 'Front Door'],
  ])('an entry with %s is left out, the others kept', (_label, bad) => {
    const other = { ...doorbell, id: 102, name: 'Driveway' };
    expect(readCameraList(listOf([bad, other]))).toEqual({ cameras: [other], problem: '1 of its entries is malformed or repeated' });
  });

  test('a camera listed twice is kept once', () => {
    expect(readCameraList(listOf([doorbell, { ...doorbell, name: 'Again' }]))).toEqual({ cameras: [doorbell], problem: '1 of its entries is malformed or repeated' });
  });

  test('any list of well-formed cameras reads back as written, in order', () => {
    const record = fc.record(
      {
        id: fc.integer({ min: 1, max: Number.MAX_SAFE_INTEGER }),
        name: fc.string({ minLength: 1 }).filter((name) => name.trim() !== ''),
        locationId: fc.string(),
        deviceType: fc.string(),
        isDoorbot: fc.boolean(),
        model: fc.string(),
        serial: fc.string(),
        firmware: fc.string(),
        hasLight: fc.boolean(),
        hasSiren: fc.boolean(),
        hasInHomeDoorbell: fc.boolean(),
        batteryLevel: fc.option(fc.double({ noNaN: true, noDefaultInfinity: true, min: 0, max: 100 }), { nil: null }),
      },
      { requiredKeys: ['id', 'name', 'locationId', 'deviceType', 'isDoorbot', 'model', 'hasLight', 'hasSiren', 'hasInHomeDoorbell', 'batteryLevel'] },
    );
    fc.assert(
      fc.property(fc.uniqueArray(record, { selector: (camera) => camera.id, maxLength: 8 }), (cameras) => {
        const read = readCameraList(cameraListText(cameras));
        expect(read).toEqual({ cameras });
      }),
    );
  });
});
