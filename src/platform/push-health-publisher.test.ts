import { describe, expect, test } from '@jest/globals';
import { DOWN_AFTER_DISCONNECTED_MS } from '../ring/push-health.js';
import { pushHealthSettings } from './push-health-publisher.js';

describe('pushHealthSettings', () => {
  test('the defaults without the test-only environment knobs', () => {
    expect(pushHealthSettings({})).toEqual({ refreshMs: 30_000, downAfterMs: DOWN_AFTER_DISCONNECTED_MS });
  });

  test('shorter times from the environment; nonsense is ignored', () => {
    expect(pushHealthSettings({ TRYGR_PUSH_HEALTH_REFRESH_MS: '500', TRYGR_PUSH_DOWN_AFTER_MS: '3000' })).toEqual({ refreshMs: 500, downAfterMs: 3_000 });
    expect(pushHealthSettings({ TRYGR_PUSH_HEALTH_REFRESH_MS: '-1', TRYGR_PUSH_DOWN_AFTER_MS: 'soon' })).toEqual({
      refreshMs: 30_000,
      downAfterMs: DOWN_AFTER_DISCONNECTED_MS,
    });
  });
});
