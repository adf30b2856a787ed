import { OPTIONS, type OptionSpec } from './options.js';
import { PLATFORM_NAME, PLUGIN_NAME } from '../settings.js';

type JsonSchema = Record<string, unknown>;

const SECTION_TITLES: Record<OptionSpec['section'], string> = {
  account: 'Ring account',
  devices: 'Devices',
  cameras: 'Cameras and doorbells',
  chimes: 'Chimes',
  alarm: 'Ring Alarm',
  advanced: 'Advanced',
};

function propertySchema(spec: OptionSpec): JsonSchema {
  const base: JsonSchema = { title: spec.title, description: spec.description };
  switch (spec.type) {
    case 'string':
      // config-ui-x's form (angular json-schema-form) takes its widget from `x-schema-form.type`: a password input.
      return { ...base, type: 'string', ...(spec.secret && { 'x-schema-form': { type: 'password' } }) };
    case 'boolean':
      return { ...base, type: 'boolean', default: spec.default };
    case 'integer':
      return { ...base, type: 'integer', default: spec.default, minimum: spec.off ?? spec.minimum, maximum: spec.maximum };
    case 'string-list':
      return { ...base, type: 'array', items: { type: 'string' } };
    case 'enum-list':
      return { ...base, type: 'array', uniqueItems: true, items: { type: 'string', enum: spec.values } };
  }
}

/**
 * config.schema.json, built from the option catalogue so the form, the parser and the docs cannot
 * drift apart. The privacy policy's schema comes from the privacy layer (passed in, since config
 * sits below it); it is edited in the custom panel, and kept here so a generic-form save keeps it.
 */
export function buildConfigSchema(privacySchema?: JsonSchema): JsonSchema {
  const properties: Record<string, JsonSchema> = {
    name: { title: 'Name', type: 'string', default: PLATFORM_NAME, description: 'The name in the Homebridge log.' },
  };
  for (const spec of OPTIONS) {
    properties[spec.key] = propertySchema(spec);
  }
  properties.privacy = privacySchema ?? {
    title: 'Privacy policy',
    description: "Rules that decide what reaches Apple Home. Edit them in this plugin's settings panel.",
    type: 'object',
  };

  const sections = Object.keys(SECTION_TITLES) as OptionSpec['section'][];
  const layout = [
    'name',
    ...sections.map((section) => ({
      type: 'fieldset',
      title: SECTION_TITLES[section],
      expandable: section !== 'account',
      items: OPTIONS.filter((spec) => spec.section === section).map((spec) => spec.key),
    })),
  ];

  return {
    pluginAlias: PLATFORM_NAME,
    pluginType: 'platform',
    singular: true,
    // The settings panel (homebridge-ui/) signs in to Ring and edits the privacy policy.
    customUi: true,
    headerDisplay: `Ring cameras, doorbells, chimes and Ring Alarm in Apple Home, with privacy built in. Sign in with your Ring account in the ${PLUGIN_NAME} settings.`,
    footerDisplay: 'Tokens are saved automatically every time Ring rotates them.',
    schema: { type: 'object', properties },
    layout,
  };
}
