/**
 * config.json's text after the move from homebridge-ring: small edits that leave the rest of the
 * file as it was, and, where jsonc-parser and Homebridge would read the file differently
 * (duplicate keys), the whole file written from what Homebridge reads.
 */
import { movedConfig } from '../../src/config/homebridge-ring-move.js';
import type { JsonObject } from '../../src/config/our-block.js';
import { editedConfigText } from '../../homebridge-ui/src/ring-move.js';

const edit = (text: string, options: Record<string, unknown>) => {
  const config = JSON.parse(text.replace(/^\uFEFF/, '')) as JsonObject;
  const next = movedConfig(config, options);
  const edited = editedConfigText(text, config, next);
  expect(JSON.parse(edited.replace(/^\uFEFF/, ''))).toEqual(next);
  return edited;
};

const TEXT = `{
  "bridge": {"name": "Home", "username": "0E:11:22:33:44:55", "port": 51826, "pin": "031-45-154"},
  "platforms": [
    {"platform": "Ring", "name": "Ring", "refreshToken": "abc", "debug": true},
    {
      "platform": "Trygr",
      "name": "Trygr",
      "privacy": {"rules": []}
    }
  ]
}
`;

describe("config.json's text after the move", () => {
  test("only Trygr's block and disabledPlugins change, indented as the file is; the rest keeps its layout byte for byte", () => {
    const edited = edit(TEXT, { debug: true, locationIds: ['loc'] });
    expect(edited.startsWith('{\n  "bridge": {"name": "Home", "username": "0E:11:22:33:44:55", "port": 51826, "pin": "031-45-154"},\n')).toBe(true);
    expect(edited).toContain('\n    {"platform": "Ring", "name": "Ring", "refreshToken": "abc", "debug": true},\n');
    expect(edited).toContain('\n      "name": "Trygr",\n');
    expect(edited).toMatch(/\n {2}"disabledPlugins": \[\n {4}"homebridge-ring"\n {2}\]\n\}\n$/);
  });

  test('an existing disabledPlugins list gets homebridge-ring added at its end, once', () => {
    const text = TEXT.replace('"platforms": [', '"disabledPlugins": ["homebridge-foo"],\n  "platforms": [');
    const edited = edit(text, {});
    expect(JSON.parse(edited).disabledPlugins).toEqual(['homebridge-foo', 'homebridge-ring']);
    expect(edit(edited, {})).toBe(edited);
  });

  test('without a Trygr block one is added after the others', () => {
    const edited = edit('{"platforms": [{"platform": "Ring"}]}', { debug: true });
    expect(JSON.parse(edited).platforms).toEqual([{ platform: 'Ring' }, { platform: 'Trygr', name: 'Trygr', debug: true }]);
  });

  test('a byte order mark and Windows line ends are kept', () => {
    const edited = edit('\uFEFF' + TEXT.replace(/\n/g, '\r\n'), { debug: true });
    expect(edited.startsWith('\uFEFF{\r\n')).toBe(true);
    expect(edited.replace(/\r\n/g, '')).not.toContain('\n');
  });

  test('duplicate keys (jsonc-parser edits the first, Homebridge reads the last): the whole file is written from what Homebridge reads', () => {
    const text = `{"platforms": [{"platform": "Other"}], "platforms": [{"platform": "Ring"}, {"platform": "Trygr", "name": "T"}]}`;
    const edited = edit(text, { debug: true });
    expect(JSON.parse(edited).platforms).toEqual([{ platform: 'Ring' }, { platform: 'Trygr', name: 'T', debug: true }]);
    expect(edited).toContain('\n    "platforms": [');
  });
});
