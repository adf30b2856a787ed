/** The rule list's one-line summary (homebridge-ui/public/js/rule-summary.js): what each snapshot step covers. */
// The panel's state module reads the host page's `window.homebridge` when it loads; no devices are needed here.
(globalThis as { window?: unknown }).window = { homebridge: {} };
// Through a variable: the test build would otherwise type-check the panel's JavaScript under its own stricter rules.
const summaryModule = '../../homebridge-ui/public/js/rule-summary.js';
const { describeRule } = (await import(summaryModule)) as { describeRule: (rule: object) => string };

describe('describeRule, snapshot steps', () => {
  test.each([
    ['the whole image', [{ method: 'blur' }], 'snapshots: blur'],
    [
      'drawn zones',
      [
        {
          method: 'mask',
          zones: [
            { x: 0, y: 0, w: 0.5, h: 0.5 },
            { x: 0.5, y: 0.5, w: 0.5, h: 0.5 },
          ],
        },
      ],
      'snapshots: mask (2 zones)',
    ],
    ['faces found in each picture', [{ method: 'blur', anonymize: 'faces' }], 'snapshots: blur (faces)'],
    [
      'people found in each picture, after a zone',
      [
        { method: 'mask', zones: [{ x: 0, y: 0, w: 1, h: 0.1 }] },
        { method: 'pixelate', anonymize: 'persons' },
      ],
      'snapshots: mask (1 zone), pixelate (people)',
    ],
  ])('%s', (_name, redact, expected) => {
    expect(describeRule({ action: 'event-only', snapshot: { redact } })).toContain(expected);
  });
});
