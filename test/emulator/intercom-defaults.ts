/**
 * Fills in the fields Ring sends for a Ring Intercom handset, so a scenario file only gives id,
 * description and what differs (kind, battery). The shape is `IntercomHandsetData` in
 * ring-client-api's ring-types.d.ts; the library picks a device out of `other` by its kind alone.
 */
import type { AccountScenario, IntercomRecord } from './types.js';
import { deviceIdFor } from './device-defaults.js';
import { deepMerge, type PlainObject } from './merge.js';

export const intercomKinds = ['intercom_handset_audio', 'intercom_handset_video'] as const;

export type IntercomSpec = Partial<IntercomRecord> & Pick<IntercomRecord, 'id' | 'description'>;

/** A complete intercom record from the few fields a scenario gives. */
export function completeIntercom(spec: IntercomSpec, locationId: string, account: AccountScenario): IntercomRecord {
  const defaults: PlainObject = {
    id: spec.id,
    description: spec.description,
    device_id: deviceIdFor(spec.id),
    kind: 'intercom_handset_audio',
    function: { name: null },
    settings: {
      show_recordings: true,
      recording_ttl: 180,
      recording_enabled: false,
      keep_alive: null,
      chime_settings: { type: 2, enable: true, duration: 10 },
      intercom_settings: { predecessor: '{}', config: '{}', ring_to_open: false, intercom_type: 'DF', unlock_mode: 0, replication: 0 },
      keep_alive_auto: 45,
      doorbell_volume: 8,
      enable_chime: 1,
      theft_alarm_enable: 0,
      use_cached_domain: 1,
      use_server_ip: 0,
      server_domain: 'fw.ring.com',
      server_ip: null,
      enable_log: 1,
      forced_keep_alive: null,
      mic_volume: 11,
      voice_volume: 11,
    },
    features: {
      motion_zone_recommendation: false,
      motions_enabled: false,
      show_recordings: true,
      show_vod_settings: false,
      rich_notifications_eligible: false,
      show_24x7_lite: false,
      show_offline_motion_events: false,
      cfes_eligible: false,
      sheila_camera_eligible: null,
      sheila_camera_processing_eligible: null,
      chime_auto_detect_capable: false,
    },
    owned: true,
    owner: { id: account.profileId, first_name: account.firstName, last_name: account.lastName, email: account.email },
    alerts: { connection: 'online', ota_status: 'no_ota' },
    firmware_version: 'Up to Date',
    location_id: locationId,
    time_zone: 'Europe/Berlin',
    created_at: '2024-03-01T10:00:00.000Z',
    ring_net_id: null,
    is_sidewalk_gateway: false,
    subscribed: true,
    deactivated_at: null,
    battery_life: '100',
    metadata: { ethernet: false, legacy_fw_migrated: false, imported_from_amazon: false, is_sidewalk_gateway: false, key_access_point_associated: false },
  };
  const intercom = deepMerge(defaults, spec) as unknown as IntercomRecord;
  // Anything else would land in the library's unknownDevices, silently: a typo in a scenario file.
  if (!(intercomKinds as readonly string[]).includes(intercom.kind)) {
    throw new Error(`intercom ${spec.id} has kind "${intercom.kind}"; expected ${intercomKinds.join(' or ')}`);
  }
  // The library reads battery_life as a string percentage (parseBatteryLife); a number in a scenario file is a slip.
  if (typeof intercom.battery_life === 'number') intercom.battery_life = String(intercom.battery_life);
  // It is listed under this location, and the library groups devices by location_id.
  intercom.location_id = locationId;
  return intercom;
}
